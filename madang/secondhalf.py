"""The generated pages on two cores: a forked process converts the second half while MkDocs does the first.

Python-Markdown over a city's generated pages is the largest part of a cold build
(69 of its 206 seconds) and MkDocs runs it on one core. Once the navigation is made
(the plugin's on_nav), the build forks. The child runs MkDocs' own page step
(`_populate_page`, so madang's PageHtml.render, which keeps each page's HTML in the
content cache) over the second half of the generated pages, then exits; the parent
goes on with the first half, and when it reaches the second it waits for the child
and reads those pages back from the cache, as it reads any page kept from an earlier
build. The bytes are the same either way: a page the child did not finish, the parent
converts itself. A page whose conversion logs a warning stops the child before it is
kept, so the parent converts it and logs the warning itself (`--strict` counts it).

No fork with one core, without a cache folder, for fewer than PARALLEL_FROM pages, or
in a process running other threads (mkdocs serve): forking those is not safe.
"""

import gc
import logging
import os
import threading

from mkdocs.commands.build import _populate_page
from mkdocs.structure.pages import Page

PARALLEL_FROM = 200
"""From this many generated pages: forking a city's build costs a few milliseconds, but the child's
copy-on-write memory grows with what it touches."""
LOG = logging.getLogger("mkdocs.plugins.madang")


class SecondHalf:
    """The child converting the second half of `pages` (Files of generated pages, in MkDocs' order)."""

    def __init__(self, pages: list, config, files):
        half = pages[_middle(pages):]
        self.first = half[0].src_uri
        self.count = len(half)
        self.pid = os.fork()
        if self.pid == 0:
            _convert_and_exit(half, config, files)

    def reached(self, src_uri: str) -> None:
        """Called before MkDocs reads each page: at the first of the child's, wait for the child."""
        if src_uri == self.first:
            self.wait()

    def wait(self) -> None:
        if self.pid is None:
            return
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if os.waitstatus_to_exitcode(status) == 0:
            LOG.info(f"페이지 {self.count:,}개를 두 번째 프로세스가 변환했습니다 / "
                     f"{self.count:,} pages converted by a second process")

    def stop(self) -> None:
        """The build failed: the child's work is not needed."""
        if self.pid is not None:
            try:
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = None


def second_half(pages: list, config, files, kept_in) -> SecondHalf | None:
    """A SecondHalf when forking pays and is safe, else None (the parent converts every page)."""
    if (len(pages) < PARALLEL_FROM or kept_in is None or _cores() < 2
            or threading.active_count() > 1 or not hasattr(os, "fork")):
        return None
    return SecondHalf(pages, config, files)


def _cores() -> int:
    """The cores this process may run on (a container's or `taskset`'s limit, where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _middle(pages: list) -> int:
    """Where the second half starts: half of the Markdown (the work) on each side, not half of the pages
    (a listing is many times a record's page)."""
    sizes = [len(file.content_string) for file in pages]
    total, before = sum(sizes), 0
    for index, size in enumerate(sizes):
        if before >= total / 2:
            return max(index, 1)
        before += size
    return len(pages) - 1


def _convert_and_exit(pages, config, files) -> None:
    """In the child: each page through MkDocs' page step, then exit without running the parent's exit work."""
    code = 1
    try:
        gc.freeze()  # the parent's objects are never walked, so their memory pages stay shared
        _stop_at_any_warning()
        for file in pages:
            _populate_page(file.page or Page(None, file, config), config, files)
        code = 0
    finally:
        os._exit(code)


def _stop_at_any_warning() -> None:
    """The child logs nothing: a warning ends it before the page that warned is kept."""
    for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
        if isinstance(logger, logging.Logger):
            logger.handlers.clear()
            logger.filters.clear()
            logger.propagate = True
    logging.getLogger().addHandler(_Stop(logging.WARNING))


class _Stop(logging.Handler):
    def emit(self, record) -> None:
        os._exit(1)
