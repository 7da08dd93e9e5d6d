"""Small web pages written for the tests, and a WARC crawl made of them.

Each page is a news article in ordinary markup, with the chrome a real page
has around it: navigation, a share prompt, a footer.
"""

from __future__ import annotations

import io
from pathlib import Path

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Harbour bridge to close for repairs | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="og:url" content="https://news.example.org/2024/05/02/bridge">
<meta name="author" content="Ann Writer">
<meta property="article:published_time" content="2024-05-02T09:00:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Harbour bridge to close for repairs</h1>
<p>The council voted on Tuesday to close the old harbour bridge for six months of repairs,
officials said.</p>
<p>"It is simply not safe any more," Mayor Ann Lee said after the vote, adding that ferries
would run every ten minutes.</p>
<p>Engineers found cracks in two of the bridge's piers during an inspection in March,
according to the report.</p>
<p>Also read: <a href="/x">Ferry fares to rise in June as fuel costs climb</a></p>
<p>Repairs will cost about 40 million dollars and are due to finish before the winter
storms arrive on the coast.</p>
</article><footer><p>&copy; 2024 The Daily Example. All rights reserved.</p></footer>
</body></html>"""

SECOND_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Rail strike called off after late talks - Example Post</title>
<meta property="og:site_name" content="Example Post"></head><body>
<article><h1>Rail strike called off after late talks</h1>
<p>The rail union called off next week's strike on Sunday after talks with the operator
ran late into the night.</p>
<p>"We have an offer our members can vote on," the union's leader, Raj Patel, told
reporters outside the talks.</p>
<p>Trains will run to the normal timetable on Monday, the operator said in a statement.</p>
</article></body></html>"""

RUSSIAN_TEXT = (
    "Правительство объявило в четверг о новых мерах поддержки для малого бизнеса, "
    "сообщили в министерстве экономики. "
)


def russian_page(declared: str) -> str:
    """A Russian page whose <meta> says it is in `declared`."""
    paragraphs = "".join(f"<p>{RUSSIAN_TEXT * 3}</p>" for _ in range(4))
    return (
        f'<!DOCTYPE html><html><head><meta charset="{declared}">'
        "<title>Новые меры поддержки малого бизнеса</title></head>"
        f"<body><article><h1>Новые меры поддержки малого бизнеса</h1>{paragraphs}"
        "</article></body></html>"
    )


def warc_bytes(pages: list[tuple[str, str]], extra: bool = True) -> bytes:
    """A gzipped WARC crawl of `(url, html)` pages; with `extra`, an image and a 404 too."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)

    def response(url: str, status: str, content_type: str, body: bytes) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)

    for n, (url, html) in enumerate(pages):
        response(url, "200 OK", "text/html; charset=utf-8", html.encode("utf-8"))
        if extra and n == 0:
            response("https://news.example.org/logo.png", "200 OK", "image/png", b"\x89PNG")
            response("https://news.example.org/gone", "404 Not Found", "text/html", b"<p>gone")
    return out.getvalue()


def write_warc(path: Path, pages: list[tuple[str, str]]) -> Path:
    """Write a gzipped WARC of the pages (plus an image and a 404) to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(warc_bytes(pages))
    return path
