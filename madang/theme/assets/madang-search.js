// madang: Korean matches marked in Material's search results, and every result kept to a snippet.
// Material marks a match where lunr found the word itself. A Korean query is found inside words
// (도서관 in 작은도서관은) through the suffix field madang adds to the index (madang/render/search.py),
// which Material neither shows nor marks: so the query's Hangul words are marked here, in the result's
// title and text blocks, and a result keeps at most two blocks (those that hold a match, else its
// first), as Material keeps for the words it marks itself.
(function () {
  var HANGUL = /[\uac00-\ud7a3]/;
  var SNIPPET_BLOCKS = 2;
  function hangulTerms(query) {
    return query.split(/\s+/)
      .map(function (term) { return term.replace(/[*+\-~^":]/g, ""); })
      .filter(function (term) { return HANGUL.test(term); });
  }
  function firstMatch(text, terms) {
    var best = null;
    terms.forEach(function (term) {
      var at = text.indexOf(term);
      if (at >= 0 && (best === null || at < best.at)) { best = { at: at, length: term.length }; }
    });
    return best;
  }
  function mark(element, terms) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var nodes = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.closest("mark")) { nodes.push(node); }
    }
    nodes.forEach(function (node) {
      for (var match = firstMatch(node.data, terms); match; match = firstMatch(node.data, terms)) {
        var found = node.splitText(match.at);
        node = found.splitText(match.length);
        var marked = document.createElement("mark");
        found.parentNode.replaceChild(marked, found);
        marked.appendChild(found);
      }
    });
  }
  function snippet(article, terms) {
    if (article.hasAttribute("data-madang-snippet")) { return; }
    article.setAttribute("data-madang-snippet", "");
    var title = article.querySelector("h1, h2");
    if (title && terms.length) { mark(title, terms); }
    var blocks = Array.prototype.filter.call(article.children, function (child) {
      return child.tagName === "P" && !child.classList.contains("md-search-result__terms");
    });
    if (terms.length) { blocks.forEach(function (block) { mark(block, terms); }); }
    var matched = blocks.filter(function (block) { return block.querySelector("mark"); });
    var kept = (matched.length ? matched : blocks).slice(0, SNIPPET_BLOCKS);
    blocks.forEach(function (block) { if (kept.indexOf(block) < 0) { block.remove(); } });
  }
  function start() {
    var list = document.querySelector(".md-search-result__list");
    var input = document.querySelector(".md-search__input");
    if (!list || !input || list.hasAttribute("data-madang-observed")) { return; }
    list.setAttribute("data-madang-observed", "");
    new MutationObserver(function () {
      var terms = hangulTerms(input.value);
      list.querySelectorAll("article.md-search-result__article").forEach(function (article) { snippet(article, terms); });
    }).observe(list, { childList: true, subtree: true });
  }
  if (window.document$) { window.document$.subscribe(start); } else { document.addEventListener("DOMContentLoaded", start); }
})();
