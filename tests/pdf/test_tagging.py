"""The tagged (PDF/UA-1) screen edition, read back from the written file:
marked content, structure tree, parent tree, headings, tables, links,
figures with alternative text, /ActualText, catalog and XMP keys.

No PDF/UA checker (veraPDF, PAC) can be installed from the reachable
registries, so these tests cover the machine-checkable rules themselves.
"""
from __future__ import annotations

import re

import pikepdf
import pytest

from csrpress.pdf.tagging import Element, TableTags, Tagger, _levels, marked, tagged
from tests.pdf.tagged import (Node, Tagged, marked_content, mcid_texts, read,
                              reading_text, squash)
from tests.samples import mini_project, photo


@pytest.fixture(scope="module")
def doc(built):
    return read(built.pdf)


def test_all_drawing_is_marked_content_or_artifact(doc):
    for i, page in enumerate(doc.pdf.pages):
        problems = [p for p in marked_content(page) if p[0] != "mcids"]
        assert problems == [], f"page {i + 1}: {problems[:5]}"


def test_every_mcid_is_in_the_parent_tree(doc):
    nums = list(doc.pdf.Root.StructTreeRoot.ParentTree.Nums)
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    owner = {m: n.obj for n in doc.root.walk() for m in n.kids
             if not isinstance(m, Node) and m[0] != "annot"}
    for i, page in enumerate(doc.pdf.pages):
        mcids = dict(marked_content(page))["mcids"]
        if not mcids:
            continue
        parents = tree[int(page.obj.StructParents)]
        assert sorted(mcids) == list(range(len(parents))), i + 1
        for m in mcids:
            assert parents[m].objgen == owner[(i, m)].objgen, (i + 1, m)
    assert int(doc.pdf.Root.StructTreeRoot.ParentTreeNextKey) > max(tree)


def test_headings_never_skip_a_level_and_read_as_the_content(doc):
    from csrpress.build import Project, load
    from csrpress.text.inline import plain
    from tests.conftest import ROOT

    heads = [n for n in doc.root.walk() if n.role[0] == "H" and n.role[1:].isdigit()]
    levels = [int(n.role[1:]) for n in heads]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    assert {1, 2, 3, 4} <= set(levels)
    report = load(Project(ROOT))[0]
    wanted = [squash(plain(str(b.value))) for b in report.blocks
              if b.type in ("chapter", "heading")]
    got = iter(squash(doc.text(n)) for n in heads)
    missing = [w for w in wanted if not any(g == w for g in got)]   # in order
    assert missing == []


def test_tables_have_header_cells_with_column_scope(doc):
    tables = [n for n in doc.root.walk() if n.role == "Table"]
    assert len(tables) >= 3
    for t in tables:
        assert [k.role for k in t.kids] == ["THead", "TBody"]
        ths = [n for n in t.walk() if n.role == "TH"]
        assert ths and all(str(n.obj.A.Scope) == "/Column" for n in ths)
        assert all(k.role == "TR" for part in t.kids for k in part.kids)
        assert squash(doc.text(ths[0]))


def test_split_paragraph_is_one_element_on_two_pages(doc):
    spread = [n for n in doc.root.walk() if n.role == "P"
              and len({p for p, _ in n.mcids()}) > 1]
    assert spread


def test_lists_are_labelled(doc):
    items = [n for n in doc.root.walk() if n.role == "LI"]
    assert items
    for li in items:
        roles = [k.role for k in li.kids]
        assert roles in (["Lbl", "LBody"], ["LBody"]) and roles[-1] == "LBody"
    assert squash(doc.text(items[0].kids[0]))


def test_links_have_contents_and_structure_parents(doc):
    nums = list(doc.pdf.Root.StructTreeRoot.ParentTree.Nums)
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    count = 0
    for i, page in enumerate(doc.pdf.pages):
        annots = page.obj.get("/Annots") or []
        if annots:
            assert page.obj.Tabs == "/S", i + 1
        for a in annots:
            count += 1
            assert str(a.get("/Contents", "")).strip(), (i + 1, a.Rect)
            link = tree[int(a.StructParent)]
            assert link.S == "/Link"
            assert any(k.get("/Type") == "/OBJR" and k.Obj.objgen == a.objgen
                       for k in (link.K if isinstance(link.K, pikepdf.Array) else [link.K])
                       if isinstance(k, pikepdf.Dictionary))
    assert count > 50
    toc = [n for n in doc.root.walk() if n.role == "TOCI"]
    assert toc and all(squash(doc.text(n)) for n in toc)


def test_catalog_and_xmp_say_tagged_pdf_ua(doc):
    root = doc.pdf.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "zh-CN"
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert doc.root.role == "Document"
    with doc.pdf.open_metadata() as xmp:
        assert xmp.get("pdfuaid:part") == "1"
        assert xmp.get("dc:title")


def test_quote_dash_is_actual_text_not_invisible_text(doc):
    for page in doc.pdf.pages:
        ops = [(list(o), str(op)) for o, op in pikepdf.parse_content_stream(page, "Tr BDC")]
        assert not any(op == "Tr" and int(o[0]) == 3 for o, op in ops)
    quotes = [n for n in doc.root.walk() if n.role == "BlockQuote"]
    assert quotes
    bys = [squash(doc.text(q.kids[-1])) for q in quotes]
    assert any(b.startswith("——") for b in bys)


def test_running_heads_are_not_read(doc):
    text = reading_text(doc)
    title = "快手企业社会责任报告"
    # the title is read where it stands (cover), not once per page as running head
    assert 0 < text.count(title) < 5


def test_figures_have_alt_text(tmp_path):
    from csrpress.build import build

    blocks = """  - heading: 图片
    level: 1
  - figure: 公园独奏
    image: a.jpg
    alt: 老人在公园拉二胡
  - figure: 家中独奏
    image: b.jpg
  - figure: 没有照片的图
  - chart: 用户增长
    unit: 亿
    data:
      - {label: 2015, at: 2015-01, value: 1}
      - {label: 2019, at: 2019-01, value: 3}
"""
    project = mini_project(tmp_path, blocks)
    photo(project.images / "a.jpg", (600, 400))
    photo(project.images / "b.jpg", (600, 400), seed=1)
    doc = read(build(project, "screen").pdf)
    figures = [n for n in doc.root.walk() if n.role == "Figure"]
    alts = [str(n.obj.Alt) for n in figures]
    assert alts[:2] == ["老人在公园拉二胡", "家中独奏"]
    assert alts[2].startswith("用户增长") and "2019 3 亿" in alts[2]
    captions = [squash(doc.text(n)) for n in doc.root.walk() if n.role == "Caption"]
    assert captions == ["公园独奏", "家中独奏"]


def test_alt_texts_read_page_references_as_the_page_prints_them(tmp_path, monkeypatch):
    """A caption's {{page:ID}} was dropped from the figure's alt text
    ("详见第页"), and a written alt printed it as typed ("{{page:end}}")."""
    from csrpress.build import build

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    blocks = """  - heading: 图片
    level: 1
  - figure: 公园独奏（详见第{{page:end}}页）
    image: a.jpg
  - figure: 家中独奏
    image: a.jpg
    alt: 老人在家中拉二胡，**另见**第{{page:end}}页
  - chart: 用户增长（见第{{page:end}}页）
    kind: bar
    data:
      - {label: 2015, value: 1}
      - {label: 2019, value: 3}
  - page_break: next
  - 中间一页。
  - page_break: next
  - heading: 结尾
    level: 1
    id: end
  - 见第{{page:end}}页。
"""
    project = mini_project(tmp_path, blocks)
    photo(project.images / "a.jpg", (600, 400))
    res = build(project, "screen")
    doc = read(res.pdf)
    # (the paragraph's text with its kids': the reference is a Link inside it)
    paragraphs = "\n".join(doc.text(n) for n in doc.root.walk() if n.role == "P")
    printed = re.search(r"见第\s*(\d+)\s*页。", paragraphs)
    assert printed, paragraphs
    page = printed.group(1)
    assert page not in ("0", "1")
    alts = [str(n.obj.Alt) for n in doc.root.walk() if n.role == "Figure"]
    assert alts == [f"公园独奏（详见第{page}页）", f"老人在家中拉二胡，另见第{page}页",
                    f"用户增长（见第{page}页）：2015 1；2019 3"], alts


# -- the recorder, without a PDF ---------------------------------------------------

class _Canvas:
    def __init__(self) -> None:
        self._code: list[str] = []
        self.tagger = Tagger()


def test_heading_levels_are_closed_up():
    root = Element("Document")
    root.kids = [Element("H1"), Element("H3"), Element("Div", kids=[Element("H4")]),
                 Element("H2"), Element("H5")]
    _levels(root)
    roles = [root.kids[0].role, root.kids[1].role, root.kids[2].kids[0].role,
             root.kids[3].role, root.kids[4].role]
    assert roles == ["H1", "H2", "H3", "H2", "H3"]


def test_pieces_with_one_key_are_one_element():
    c = _Canvas()
    with marked(c, "P", key=7):
        pass
    c.tagger.next_page()
    with marked(c, "P", key=7):
        pass
    with marked(c, "P", key=8):
        pass
    kids = c.tagger.root.kids
    assert len(kids) == 2 and kids[0].kids == [(0, 0), (1, 0)]
    assert c._code == ["/P <</MCID 0>> BDC", "EMC", "/P <</MCID 0>> BDC", "EMC",
                       "/P <</MCID 1>> BDC", "EMC"]


def test_repeated_table_header_is_an_artifact():
    c = _Canvas()
    cb = TableTags(1)

    class T:
        canv = c

    for piece in range(2):
        cb(T, "startTable")
        for row in (0, piece + 1):
            cb(T, "startRow", row)
            cb(T, "startCell", row, 0)
            with marked(c):
                pass
            cb(T, "endCell")
            cb(T, "endRow")
        cb(T, "endTable")
    (table,) = c.tagger.root.kids
    assert [k.role for k in table.kids] == ["THead", "TBody"]
    assert len(table.kids[1].kids) == 2                     # two body rows, one header
    assert c._code.count("/Artifact <</Type /Layout>> BDC") == 1


def test_untagged_canvas_writes_nothing():
    class Plain:
        _code: list[str] = []

    c = Plain()
    with tagged(c, "Table"), marked(c, "P"):
        pass
    assert c._code == []


def test_text_per_element_equals_the_content_beyond_the_bmp(tmp_path):
    from csrpress.build import build

    blocks = """  - heading: 𠮷野家的标题
    level: 1
  - p: 他在𠮷野家吃饭，说“好吃”。
  - list: [第一项𠮷, 第二项]
"""
    doc = read(build(mini_project(tmp_path, blocks), "screen").pdf)
    texts = {(n.role, squash(doc.text(n))) for n in doc.root.walk()
             if n.role in ("H1", "P", "LBody", "Lbl")}
    assert {("H1", "𠮷野家的标题"), ("P", "他在𠮷野家吃饭，说“好吃”。"),
            ("LBody", "第一项𠮷"), ("LBody", "第二项")} <= texts


def test_free_pdf_ua_checker_finds_nothing(built):
    """pdfua (MIT, PyPI) runs 16 of the 106 PDF/UA-1 rules (structure tree,
    MarkInfo, Lang, title, artifacts, figures' Alt, tables, links, XMP id);
    veraPDF itself is not installable here (no Maven Central, not on PyPI,
    apt or npm). The tests above cover the rest of what is checkable."""
    pdfua = pytest.importorskip("pdfua")
    report = pdfua.validate(str(built.pdf))
    assert [(f.rule_id, f.message) for f in report.findings] == []


def _tree(el: Element) -> tuple:
    return (el.role, el.key, el.attrs,
            tuple(_tree(k) if isinstance(k, Element) else k for k in el.kids))


def test_replayed_operations_tag_as_the_calls_they_record():
    """Tagger.replay (a page replayed, paginate.replay) gives the tree and
    parent lists the same calls give: elements continued by key, attributes,
    re-entered elements, marked content and links."""
    key = object()
    ops = [("open", "L", ("slot", 0), ()), ("open", "LI", ("value", None), ()),
           ("open", "Lbl", ("value", None), ()), ("close",), ("open", "LBody", ("value", None), ()),
           ("marked", "/LBody <</MCID 0>> BDC"), ("close",), ("reenter", 2),
           ("marked", "/Lbl <</MCID 1>> BDC"), ("close",), ("close",), ("close",),
           ("open", "TH", ("value", "k"), (("Scope", "Column"),)), ("link", "见第 3 页"),
           ("marked", "/TH <</MCID 2>> BDC"), ("close",), ("bookmark", "p")]
    called, replayed = Tagger(), Tagger()
    for t in (called, replayed):         # a page before: an L with this key continues
        t.open("L", key)
        t.close()
        t.next_page()
    opened: list[Element] = []
    for op in ops:
        if op[0] == "open":
            ref = op[2]
            opened.append(called.open(op[1], key if ref[0] == "slot" else ref[1],
                                      dict(op[3]) or None))
        elif op[0] == "close":
            called.close()
        elif op[0] == "marked":
            called.begin_marked([])
        elif op[0] == "reenter":
            called.open(None, None, None, opened[op[1]])
        elif op[0] == "link":
            called.link(op[1])
    others: list[tuple] = []
    replayed.replay(ops, [key], others.append, ValueError)
    assert others == [("bookmark", "p")]
    assert _tree(replayed.root) == _tree(called.root)
    assert len(called.root.kids) == 2 and called.root.kids[0].key is key  # (L continued)
    assert [[e.role for e in page] for page in replayed.mcids] == \
        [[e.role for e in page] for page in called.mcids]
    assert [(a.page, a.index, a.contents) for a in replayed.annots] == \
        [(a.page, a.index, a.contents) for a in called.annots]
    with pytest.raises(ValueError, match="replayed as"):
        Tagger().replay([("marked", "/P <</MCID 5>> BDC")], [], others.append, ValueError)


ENGLISH = """\
  - heading: Employees & Community
    level: 2
  - "Our mission: to make every factory carbon-neutral by 2040, without offsets."
  - 我们引用英文原句：“Sustainability is how we work.” 这句话来自首席执行官。
  - 我们在 Investor Day 上与 ESG 投资者交流。
  - table: ""
    columns: [指标, Indicator]
    rows:
      - [范围一排放, Direct (Scope 1) GHG emissions]
      - [ＥＳＧ评级, ＡＡ]
"""


def test_english_text_in_a_chinese_report_is_tagged_english(tmp_path, monkeypatch):
    """The starter (zh-CN) with English text: a paragraph, heading or table
    cell of Latin words without a CJK character is tagged /Lang (en), so a
    screen reader switches to an English voice (PDF/UA-1 7.2); a Chinese
    paragraph quoting English, and full-width Latin, stay in the document's
    language (no /Lang of their own)."""
    from csrpress.build import build
    from tests.samples import starter_with

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    doc = read(build(starter_with(tmp_path / "report", ENGLISH), "screen").pdf)
    langs = {squash(doc.text(n)): str(n.obj.Lang) for n in doc.root.walk()
             if "/Lang" in n.obj}
    assert {"Employees&Community": "en",
            "Ourmission:tomakeeveryfactorycarbon-neutralby2040,withoutoffsets.": "en",
            "Direct(Scope1)GHGemissions": "en", "Indicator": "en"}.items() <= langs.items()
    assert not [t for t in langs if "Sustainability" in t or "ＡＡ" in t or "指标" in t]
    assert str(doc.pdf.Root.Lang) == "zh-CN"


def test_english_phrase_in_a_chinese_paragraph_is_a_span_tagged_english(tmp_path,
                                                                        monkeypatch):
    """An English sentence quoted inside a Chinese paragraph (three words or
    more, nothing CJK between them) is marked content /Span <</Lang (en)>>
    inside the paragraph's own, so a screen reader switches voice for it and
    back (PDF/UA-1 7.2, WCAG 3.1.2); the Chinese around it, and a name or
    term of a word or two (Investor Day, ESG), stay in the document's
    language. Found building a bank's report whose chairman's letter quotes
    his own English sentence: it was read with the Chinese voice."""
    from csrpress.build import build
    from tests.pdf.tagged import lang_spans
    from tests.samples import starter_with

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    pdf = build(starter_with(tmp_path / "report", ENGLISH), "screen").pdf
    doc = read(pdf)
    spans = "".join(text for _page, lang, text in lang_spans(pdf) if lang == "en")
    assert "Sustainability is how we work" in spans
    assert not re.search(r"[\u3000-\u9fff\uff00-\uffef]", spans)   # no Chinese inside
    assert "Investor" not in spans and "ESG" not in spans
    quoting = [n for n in doc.root.walk() if "Sustainability" in doc.text(n)]
    assert quoting and all("/Lang" not in n.obj for n in quoting)
    for i, page in enumerate(doc.pdf.pages):       # spans nest and close in their lines
        assert [p for p in marked_content(page) if p[0] != "mcids"] == [], i + 1


WEB = """\
  - 报告全文及数据附录请见 https://www.example.com/sustainability/2025/reports/esg-data-appendix-full-version.pdf ，意见请发送至 esg@example.com 。
  - 本段没有网址，只有 ESG 与 TCFD。关键绩效见第 {{page:kpi}} 页，**加粗的第 {{page:kpi}} 页**不链接。
"""


def test_urls_and_e_mail_addresses_in_text_are_links_with_their_text(tmp_path, monkeypatch):
    """A URL or e-mail address typed in a paragraph is a link in the screen
    edition: an annotation over its part of each line (a URL broken over two
    lines has two, both to the whole address; an e-mail address leads to
    mailto:), /Contents the address, and in the structure a Link element
    inside the paragraph holding the address's marked content and those
    annotations (PDF/UA-1 7.18.5). Found building a bank's report: the
    addresses in its letter and notes (esg@…, https://…/feedback) could not
    be followed from the screen edition, only the TOC and index linked; nor
    could 'see page 22' in the letter or the SDG index's page references."""
    from csrpress.build import build
    from tests.samples import starter_with

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    pdf = build(starter_with(tmp_path / "report", WEB), "screen").pdf
    doc = read(pdf)
    doc = Tagged(doc.pdf, doc.root, mcid_texts(pdf))   # (see mcid_texts)
    links = [n for n in doc.root.walk() if n.role == "Link"
             and any(isinstance(k, tuple) and k[0] == "annot" and "/URI" in k[1].get("/A", {})
                     for k in n.kids)]
    web = {squash(doc.text(n)): n for n in links}
    url = "https://www.example.com/sustainability/2025/reports/esg-data-appendix-full-version.pdf"
    assert url in web and "esg@example.com" in web, list(web)
    annots = {a: [k[1] for k in web[a].kids if isinstance(k, tuple) and k[0] == "annot"]
              for a in (url, "esg@example.com")}
    assert len(annots[url]) == 2                   # the URL is broken over two lines
    assert {str(a.A.URI) for a in annots[url]} == {url}
    assert {str(a.Contents) for a in annots[url]} == {url}
    assert {str(a.A.URI) for a in annots["esg@example.com"]} == {"mailto:esg@example.com"}
    parents = [n for n in doc.root.walk() if any(k is web[url] for k in n.kids)]
    assert [p.role for p in parents] == ["P"]
    assert "报告全文及数据附录请见" in squash(doc.text(parents[0]))
    for i, page in enumerate(doc.pdf.pages):      # the paragraph's content around the Link's
        assert [p for p in marked_content(page) if p[0] != "mcids"] == [], i + 1
    # a page reference ({{page:ID}}) links to that page, its number inside the Link
    pages = {p.objgen: i + 1 for i, p in enumerate(doc.pdf.pages)}
    (para,) = [n for n in doc.root.walk() if n.role == "P" and "关键绩效见第" in doc.text(n)]
    internal = [(squash(doc.text(n)), k[1]) for n in para.kids if isinstance(n, Node)
                and n.role == "Link" for k in n.kids if isinstance(k, tuple) and k[0] == "annot"
                and "/Dest" in k[1]]
    assert len(internal) == 1, internal        # (not the one inside a bold span)
    (number, annot), = internal
    assert number == str(annot.Contents) == str(pages[annot.Dest[0].objgen])
    print_pdf = build(starter_with(tmp_path / "print", WEB), "print").pdf
    assert not [a for p in pikepdf.open(print_pdf).pages for a in p.obj.get("/Annots", [])]
