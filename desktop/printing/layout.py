"""The page of an official document (Nghị định 30/2020/NĐ-CP, Phụ lục I), built with reportlab.

A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; the two-column letterhead on the first page;
the document type and its subject centred; justified 13 pt body with a first-line indent; signature
blocks side by side; "Nơi nhận"; page numbers centred in the top margin from page 2. Every text is
normalised to NFC and escaped before it reaches reportlab's paragraph markup.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.printing import fonts
from desktop.services.text import nfc

MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
BODY_SIZE = 13
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SIGN_NOTE = "(Ký, ghi rõ họ tên)"
rl_config.useA85 = 0  # binary streams: a quarter smaller than ASCII85 and no encoding pass (PDF readers need no text)


def text(value: object) -> str:
    """Any value as safe paragraph markup: NFC, XML-escaped, line breaks kept."""
    return escape(nfc(str(value))).replace("\n", "<br/>")


@dataclass(frozen=True)
class Letterhead:
    """The header block's four texts. ``number`` is the whole line ("Số: 12/BB-TTKC"), empty for none."""

    agency: str
    unit: str
    number: str
    place_date: str


@dataclass(frozen=True)
class Signer:
    """One signature block: the position in capitals, the signer's name (empty: written by hand)."""

    role: str
    name: str = ""
    note: str = SIGN_NOTE
    over: str = ""  # a line above the position, e.g. "KT. GIÁM ĐỐC" or "ĐẠI DIỆN BÊN A"
    dated: str = ""  # an italic place-and-date line above it all (certificates)


class Rule(Flowable):
    """A horizontal rule of ``width`` points, centred in the space it is given."""

    def __init__(self, width: float, gap: float = 1.5) -> None:
        super().__init__()
        self.rule_width, self.gap = width, gap
        self.available = width

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.available = available_width
        return available_width, self.gap * 2

    def draw(self) -> None:
        start = (self.available - self.rule_width) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(start, self.gap, start + self.rule_width, self.gap)


@cache  # a page asks for the same few styles hundreds of times; they are never changed once made
def _style(name: str, size: float = BODY_SIZE, **options: Any) -> ParagraphStyle:
    family = fonts.register()
    bold, italic = options.pop("bold", False), options.pop("italic", False)
    suffix = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}
    return ParagraphStyle(
        name,
        fontName=f"{family}-{suffix[(bold, italic)]}",
        fontSize=size,
        leading=options.pop("leading", size * 1.22),
        **options,
    )


@dataclass
class Styles:
    body: ParagraphStyle = field(
        default_factory=lambda: _style("body", alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6)
    )
    plain: ParagraphStyle = field(default_factory=lambda: _style("plain", alignment=TA_JUSTIFY, spaceAfter=4))
    heading: ParagraphStyle = field(
        default_factory=lambda: _style("heading", bold=True, alignment=TA_LEFT, spaceBefore=6, spaceAfter=4)
    )
    centre: ParagraphStyle = field(default_factory=lambda: _style("centre", alignment=TA_CENTER))
    title: ParagraphStyle = field(
        default_factory=lambda: _style("title", 14, bold=True, alignment=TA_CENTER, spaceBefore=14)
    )
    subject: ParagraphStyle = field(default_factory=lambda: _style("subject", 13, bold=True, alignment=TA_CENTER))
    cell: ParagraphStyle = field(default_factory=lambda: _style("cell", 11, alignment=TA_LEFT))
    cell_right: ParagraphStyle = field(default_factory=lambda: _style("cell_right", 11, alignment=TA_RIGHT))
    cell_centre: ParagraphStyle = field(default_factory=lambda: _style("cell_centre", 11, alignment=TA_CENTER))
    cell_head: ParagraphStyle = field(default_factory=lambda: _style("cell_head", 11, bold=True, alignment=TA_CENTER))


class OfficialDocument:
    """A document being laid out: add its parts in order, then ``render()`` the PDF bytes."""

    def __init__(
        self,
        letterhead: Letterhead | None,
        title: str,
        subject: str = "",
        *,
        author: str = "",
        wide: bool = False,
        border: bool = False,
    ) -> None:
        self.page = landscape(A4) if wide else A4
        self.width = self.page[0] - MARGIN_LEFT - MARGIN_RIGHT
        self.styles = Styles()
        self.title, self.author, self.border = nfc(title), nfc(author), border
        self.story: list[Flowable] = []
        if letterhead is not None:
            self.story.append(self._letterhead(letterhead))
        if title:
            self.story.append(Paragraph(text(title.upper()), self.styles.title))
        if subject:
            self.story.append(Paragraph(text(subject), self.styles.subject))
            self.story.append(Rule(45 * mm, gap=3))
        self.story.append(Spacer(1, 4 * mm))

    # --- the header block ---------------------------------------------------------------------------
    def _letterhead(self, head: Letterhead) -> Flowable:
        agency = _style("agency", 12, alignment=TA_CENTER)
        unit = _style("unit", 12, bold=True, alignment=TA_CENTER)
        nation = _style("nation", 12, bold=True, alignment=TA_CENTER)
        # The national title on one line; the agency's names take the rest (and wrap when long).
        right_width = stringWidth(NATION, nation.fontName, nation.fontSize) + 3 * mm
        left_width = self.width - right_width
        motto = _style("motto", 13.5, bold=True, alignment=TA_CENTER)
        number = _style("number", 13, alignment=TA_CENTER)
        dated = _style("dated", 13, italic=True, alignment=TA_CENTER)
        motto_width = stringWidth(MOTTO, motto.fontName, motto.fontSize)
        left: list[Flowable] = [Paragraph(text(head.agency.upper()), agency)] if head.agency else []
        left += [Paragraph(text(head.unit.upper()), unit), Rule(min(left_width * 0.4, 30 * mm))]
        right = [Paragraph(text(NATION), nation), Paragraph(text(MOTTO), motto), Rule(motto_width)]
        rows: list[list[Any]] = [
            [left, right],
            [Paragraph(text(head.number), number), Paragraph(text(head.place_date), dated)],
        ]
        table = Table(rows, colWidths=[left_width, right_width])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), f"{fonts.register()}-Regular"),  # else Helvetica is referenced
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 1), (-1, 1), 4),
                ]
            )
        )
        return table

    # --- the body -------------------------------------------------------------------------------------
    def heading(self, value: str) -> None:
        self.story.append(Paragraph(text(value), self.styles.heading))

    def paragraph(self, value: str, *, indent: bool = True) -> None:
        """A body paragraph (justified; first line indented unless ``indent`` is false)."""
        self.story.append(Paragraph(text(value), self.styles.body if indent else self.styles.plain))

    def field(self, label: str, value: object) -> None:
        """ "Label: value" with the label in bold, the value as it is (a missing value leaves dots to fill)."""
        shown = text(value) if str(value).strip() else "." * 60
        self.story.append(Paragraph(f"<b>{text(label)}:</b> {shown}", self.styles.plain))

    def centred(self, value: str, *, bold: bool = False, italic: bool = False, size: float = BODY_SIZE) -> None:
        self.story.append(Paragraph(text(value), _style("c", size, bold=bold, italic=italic, alignment=TA_CENTER)))

    def dotted_lines(self, count: int) -> None:
        """``count`` lines of dots across the text width, to write on by hand."""
        dots = "." * int(self.width / stringWidth(".", self.styles.plain.fontName, self.styles.plain.fontSize) - 2)
        for _ in range(count):
            self.story.append(Paragraph(dots, _style("dots", BODY_SIZE, leading=BODY_SIZE * 1.8)))

    def space(self, height_mm: float) -> None:
        self.story.append(Spacer(1, height_mm * mm))

    def page_break(self) -> None:
        self.story.append(PageBreak())

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        *,
        align: str = "",
        total: Sequence[object] | None = None,
        size: float = 11,
        sign_rows: bool = False,
    ) -> None:
        """A bordered table. ``widths``: shares of the text width; ``align``: one letter per column
        (l, c, r); ``total``: a bold last row; ``sign_rows``: rows tall enough to sign in (9 mm). The
        header repeats on every page."""
        align = align or "l" * len(header)
        styles = {
            "l": _style("l", size, alignment=TA_LEFT),
            "c": _style("cc", size, alignment=TA_CENTER),
            "r": _style("r", size, alignment=TA_RIGHT),
        }
        bold = {k: _style(f"b{k}", size, bold=True, alignment=s.alignment) for k, s in styles.items()}
        head_style = _style("h", size, bold=True, alignment=TA_CENTER)
        data: list[list[Flowable]] = [[Paragraph(text(h), head_style) for h in header]]
        for row in rows:
            data.append([Paragraph(text(v), styles[a]) for v, a in zip(row, align, strict=True)])
        if total is not None:
            data.append([Paragraph(text(v), bold[a]) for v, a in zip(total, align, strict=True)])
        scale = self.width / sum(widths)
        heights = [None] + [9 * mm] * len(rows) + ([None] if total is not None else []) if sign_rows else None
        table = Table(data, colWidths=[w * scale for w in widths], rowHeights=heights, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), f"{fonts.register()}-Regular"),  # else Helvetica is referenced
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        self.story.append(table)
        self.story.append(Spacer(1, 3 * mm))

    def certificate(
        self,
        heads: Sequence[tuple[str, bool]],
        title: str,
        subtitle: str,
        highlight: tuple[str, str],
        lines: Sequence[str],
        corner: Sequence[str],
        signer: Signer,
    ) -> None:
        """One certificate page (landscape, framed): ``heads`` (text, bold) centred at the top, the title
        large, ``highlight`` (a label and the name it certifies, in large bold), then ``lines``; ``corner``
        bottom left (its number, validity) beside the signer."""
        self.space(6)
        for value, bold in heads:
            self.centred(value.upper(), bold=bold, size=13)
        self.space(10)
        self.story.append(Paragraph(text(title.upper()), _style("cert", 32, bold=True, alignment=TA_CENTER)))
        self.space(2)
        self.story.append(Paragraph(text(subtitle), _style("cert_sub", 17, bold=True, alignment=TA_CENTER)))
        self.space(9)
        self.centred(highlight[0], italic=True, size=15)
        self.space(1)
        self.story.append(Paragraph(text(highlight[1]), _style("cert_name", 22, bold=True, alignment=TA_CENTER)))
        self.space(4)
        for value in lines:
            self.story.append(Paragraph(text(value), _style("cert_line", 15, alignment=TA_CENTER, leading=21)))
        self.space(6)
        self.signatures([signer], corner, left_title="")

    # --- the end -------------------------------------------------------------------------------------
    def _signer(self, signer: Signer, size: float = 13) -> list[Flowable]:
        role = _style("role", size, bold=True, alignment=TA_CENTER)
        note = _style("note", 12, italic=True, alignment=TA_CENTER)
        dated = _style("dated_sign", 13, italic=True, alignment=TA_CENTER)
        cell: list[Flowable] = [Paragraph(text(signer.dated), dated)] if signer.dated else []
        if signer.over:
            cell.append(Paragraph(text(signer.over.upper()), role))
        cell.append(Paragraph(text(signer.role.upper()), role))
        if signer.note:
            cell.append(Paragraph(text(signer.note), note))
        # A name left to write by hand still takes its line (a cell drops an empty paragraph and the
        # space above it with it).
        cell += [Spacer(1, 24 * mm), Paragraph(text(signer.name) or "\u00a0", role)]
        return cell

    def signatures(
        self, signers: Sequence[Signer], recipients: Sequence[str] = (), *, left_title: str = "Nơi nhận:"
    ) -> None:
        """The signature blocks side by side (three to a row at most). With ``recipients`` the "Nơi nhận"
        list (or other lines under ``left_title``) sits left of the last signer, as on a letter."""
        blocks: list[Flowable] = []
        if recipients:
            heading = _style("to", 12, bold=True, italic=True)
            item = _style("to_item", 11, leading=13)
            to: list[Flowable] = [Paragraph(text(left_title), heading)] if left_title else []
            to += [Paragraph(text(r), item) for r in recipients]
            rows = [[to, self._signer(signers[-1])]] if signers else [[to, ""]]
            widths = [self.width * 0.45, self.width * 0.55]
            others = list(signers[:-1])
        elif len(signers) == 1:  # one signer: on the right, as on a letter
            rows, widths, others = [["", self._signer(signers[0])]], [self.width * 0.45, self.width * 0.55], []
        else:
            rows, widths, others = [], [], list(signers)
        if others:
            per_row = 2 if len(others) == 4 else min(3, len(others))
            grid = [others[i : i + per_row] for i in range(0, len(others), per_row)]
            size = 12 if per_row == 3 else 13  # three positions side by side fit on their lines
            cells = [[self._signer(s, size) for s in line] + [""] * (per_row - len(line)) for line in grid]
            blocks.append(self._plain_table(cells, [self.width / per_row] * per_row))
        if rows:
            blocks.append(self._plain_table(rows, widths))
        # A signature never stands alone on a page: the last paragraph goes over with it.
        last = [self.story.pop()] if self.story and isinstance(self.story[-1], Paragraph) else []
        self.story.append(KeepTogether([*last, Spacer(1, 4 * mm), *blocks]))

    def _plain_table(self, rows: list[list[Any]], widths: list[float]) -> Table:
        table = Table(rows, colWidths=widths)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), f"{fonts.register()}-Regular"),  # else Helvetica is referenced
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        return table

    # --- output --------------------------------------------------------------------------------------
    def _page_number(self, canvas: Any, document: Any) -> None:
        if self.border:  # a certificate: a double frame, and no page numbers (each page is one paper)
            canvas.saveState()
            for inset, width in ((10 * mm, 2.2), (12.5 * mm, 0.6)):
                canvas.setLineWidth(width)
                canvas.rect(inset, inset, self.page[0] - 2 * inset, self.page[1] - 2 * inset)
            canvas.restoreState()
            return
        number = canvas.getPageNumber()
        if number < 2:
            return  # no number on the first page
        canvas.saveState()
        canvas.setFont(f"{fonts.register()}-Regular", 13)
        canvas.drawCentredString(MARGIN_LEFT + self.width / 2, self.page[1] - MARGIN_TOP / 2 - 4, str(number))
        canvas.restoreState()

    def render(self) -> bytes:
        out = io.BytesIO()
        document = BaseDocTemplate(
            out,
            pagesize=self.page,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=self.title,
            author=self.author,
            creator="Khuyến công Desktop",
            lang="vi",
            initialFontName=f"{fonts.register()}-Regular",  # no unembedded Helvetica left in the file
            initialFontSize=BODY_SIZE,
        )
        height = self.page[1] - MARGIN_TOP - MARGIN_BOTTOM
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, self.width, height, id="body", leftPadding=0, rightPadding=0)
        document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._page_number)])
        document.build(list(self.story))
        return out.getvalue()
