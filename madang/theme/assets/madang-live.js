// madang: dates that stay true after the build, and the share bar (madang/theme/main.html).
// The built page says what was true on the build day; here the reader's clock
// recomputes it, counting days in the archive's time zone (data-madang-zone).
(function () {
  var DAY = 86400000;
  // The page's words for what the script writes (theme/main.html, from the site's catalog).
  var script = document.currentScript;
  var CLOSED = (script && script.getAttribute("data-madang-closed")) || "마감";
  function todayIn(zone, now) {
    // "2020-10-02" for the reader's moment in the archive's zone (en-CA formats as ISO).
    var parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(now);
    var get = function (type) { return parts.filter(function (p) { return p.type === type; })[0].value; };
    return Date.UTC(+get("year"), +get("month") - 1, +get("day"));
  }
  function dayOf(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }
  function daysLeft(element, now) {
    return Math.round((dayOf(element.getAttribute(element.hasAttribute("datetime") ? "datetime" : "data-madang-until"))
      - todayIn(element.getAttribute("data-madang-zone") || "Asia/Seoul", now)) / DAY);
  }
  function refreshDates() {
    var now = new Date();
    document.querySelectorAll("time[data-madang-deadline]").forEach(function (element) {
      var days = daysLeft(element, now);
      element.textContent = days > 0 ? "D-" + days : days === 0 ? "D-day" : CLOSED;
    });
    document.querySelectorAll("[data-madang-until]").forEach(function (element) {
      if (daysLeft(element, now) < 0) { element.textContent = element.getAttribute("data-madang-then"); }
    });
  }
  function say(bar, message) {
    bar.querySelector(".madang-share__status").textContent = message;
  }
  function setUpShare() {
    document.querySelectorAll(".madang-share").forEach(function (bar) {
      var copy = bar.querySelector('[data-madang-share="copy"]');
      var system = bar.querySelector('[data-madang-share="system"]');
      var url = window.location.href.split("#")[0];
      if (navigator.clipboard) {
        copy.addEventListener("click", function () {
          navigator.clipboard.writeText(url).then(
            function () { say(bar, bar.getAttribute("data-madang-copied")); },
            function () { say(bar, url); }
          );
        });
      } else {
        copy.hidden = true;
      }
      if (navigator.share) {
        system.hidden = false;
        system.addEventListener("click", function () {
          navigator.share({ title: document.title, url: url }).catch(function () {});
        });
      }
      bar.hidden = copy.hidden && system.hidden;
    });
  }
  /* A table wider than the page scrolls inside Material's wrapper: let a keyboard reach and scroll it. */
  function focusWideTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) { wrap.tabIndex = 0; } else { wrap.removeAttribute("tabindex"); }
    });
  }
  function start() { refreshDates(); setUpShare(); focusWideTables(); }
  window.addEventListener("resize", focusWideTables);
  if (window.document$) { window.document$.subscribe(start); } else { document.addEventListener("DOMContentLoaded", start); }
})();
