"""The page of an official document (Nghị định 30/2020/NĐ-CP, Phụ lục I), built with reportlab.

A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; the two-column letterhead on the first page;
the document type and its subject centred; justified 13 pt body with a first-line indent; signature
blocks side by side; "Nơi nhận"; page numbers centred in the top margin from page 2. Every text is
normalised to NFC and escaped before it reaches reportlab's paragraph markup.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
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

from desktop.core.text import nfc
from desktop.printing import fonts

MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
BODY_SIZE = 13
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SIGN_NOTE = "(Ký, ghi rõ họ tên)"
PAGE_THIRD = 230.0  # points: the most of a table cell kept in one row (a third of an A4 text frame)
rl_config.useA85 = 0  # binary streams: a quarter smaller than ASCII85 and no encoding pass (PDF readers need no text)


def text(value: object) -> str:
    """Any value as safe paragraph markup: NFC, XML-escaped, line breaks kept."""
    return escape(nfc(str(value))).replace("\n", "<br/>")


# The reportlab the two shortcuts below were written and tested against: they lean on how its paragraphs cache
# their broken lines and copy frames. Under any other version they switch themselves off and every paragraph
# is laid out the plain way — slower, never wrong.
WRITTEN_FOR = "5.1.0"


def shortcuts_fit(version: str) -> bool:
    return version == WRITTEN_FOR


SHORTCUTS = shortcuts_fit(reportlab.Version)  # tests also switch them off to compare byte for byte
_FRAGMENTS: dict[int, tuple[ParagraphStyle, Any]] = {}


class LaidOutOnce(Paragraph):
    """A paragraph whose lines are broken once per width. Platypus wraps a paragraph several times (to see
    whether a heading fits with what follows it, whether a signature block fits, then to place it), and
    each time breaks its lines anew, which depends only on the width, the style and the text."""

    _laid_out: tuple[float, Any, ParagraphStyle, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        known = self._laid_out
        # reportlab drops the broken lines (``blPara``) when it splits or measures a paragraph for another
        # frame: the size is only worth keeping while the lines it was measured from are still there.
        laid_out = "blPara" in self.__dict__
        if SHORTCUTS and known and laid_out and known[:3] == (availWidth, self.frags, self.style):
            return known[3]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._laid_out = (availWidth, self.frags, self.style, size)
        return size


class _Frame(Frame):
    """The text frame. Platypus copies it whole (``deepcopy``) every time it measures a group kept together
    (a heading with its first paragraph, a signature block), though it only moves the copy's position: a
    copy of its own values and containers does, at a fraction of the cost."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _Frame:
        if not SHORTCUTS:
            twin = copy.copy(self)
            twin.__dict__ = copy.deepcopy(self.__dict__, memo)
            return twin
        twin = copy.copy(self)
        twin.__dict__ = {k: copy.copy(v) if isinstance(v, list | dict) else v for k, v in self.__dict__.items()}
        return twin


def _plain(raw: str) -> bool:
    """Text the markup parser would take as it is: nothing to escape, no line break, no extra spaces."""
    return SHORTCUTS and not any(c in raw for c in "\n<>&") and " ".join(raw.split()) == raw


def _fragments(style: ParagraphStyle) -> tuple[Any, Any]:
    """The parser's fragments for ``style``: bold, then regular (each cloned with a text)."""
    known = _FRAGMENTS.get(id(style))
    if known is None or known[0] is not style:
        if len(_FRAGMENTS) > 256:  # styles made for one line (a certificate's) are not kept forever
            _FRAGMENTS.clear()
        bold, regular = Paragraph("<b>x</b>y", style).frags
        known = _FRAGMENTS[id(style)] = (style, (bold, regular))
    return known[1]


def para(value: object, style: ParagraphStyle) -> Paragraph:
    """Any value as a paragraph in ``style``. reportlab's markup parser costs more than laying the paragraph
    out; plain text skips it: its one fragment is the style's, cloned with the text, which is what the
    parser makes of it (a test prints every form both ways and compares the bytes)."""
    raw = nfc(str(value))
    if not _plain(raw) or style.textTransform:
        return LaidOutOnce(text(raw), style)
    return LaidOutOnce(raw, style, frags=[_fragments(style)[1].clone(text=raw)])


def labelled(label: str, value: str, style: ParagraphStyle) -> Paragraph:
    """ "Label: value" with the label in bold, the same way round the parser as :func:`para`."""
    head, tail = nfc(label), nfc(value)
    if not (_plain(head) and _plain(tail) and head and tail) or style.textTransform:
        return LaidOutOnce(f"<b>{text(head)}:</b> {text(tail)}", style)
    bold, regular = _fragments(style)
    return LaidOutOnce(f"{head}: {tail}", style, frags=[bold.clone(text=f"{head}:"), regular.clone(text=f" {tail}")])


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


def wrap_words(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines of at most ``width``, broken at ordinary spaces only: a no-break space holds a place
    name together (reportlab's ``simpleSplit`` breaks at any whitespace). A word wider than the line stays
    whole on its own line."""
    lines: list[str] = []
    for word in text.split(" "):
        if not word:
            continue
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and stringWidth(joined.replace("\u00a0", " "), font, size) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return [line.replace("\u00a0", " ") for line in lines]


class LetterheadBlock(Flowable):
    """The two-column header of the first page, drawn line by line (no nested tables: a page is made many
    times in a batch). Left: the agency in capitals, the unit in bold capitals (wrapped to the column),
    a short rule, the number. Right: the national title on one line, the motto with a rule of its length,
    the place and date in italics."""

    LINE = 12 * 1.22
    GAP = 4

    def __init__(self, head: Letterhead, width: float) -> None:
        super().__init__()
        family = fonts.register()
        self.head, self.total_width = head, width
        self.regular, self.bold, self.italic = f"{family}-Regular", f"{family}-Bold", f"{family}-Italic"
        self.right = stringWidth(NATION, self.bold, 12) + 3 * mm
        self.left = width - self.right
        agency = wrap_words(nfc(head.agency.upper()), self.regular, 12, self.left) if head.agency else []
        unit = wrap_words(nfc(head.unit.upper()), self.bold, 12, self.left)
        self.left_lines = [(line, self.regular) for line in agency] + [(line, self.bold) for line in unit]
        top = max(len(self.left_lines) * self.LINE, self.LINE + 13.5 * 1.22) + 3  # the rules below them
        self.height = top + self.GAP + 13 * 1.22 + 4

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        return self.total_width, self.height

    def draw(self) -> None:
        c = self.canv
        left_middle, right_middle = self.left / 2, self.left + self.right / 2
        y = self.height - 12
        for line, font in self.left_lines:
            c.setFont(font, 12)
            c.drawCentredString(left_middle, y, line)
            y -= self.LINE
        c.setLineWidth(0.6)
        rule = min(self.left * 0.4, 30 * mm) / 2
        c.line(left_middle - rule, y + self.LINE - 4, left_middle + rule, y + self.LINE - 4)
        y = self.height - 12
        c.setFont(self.bold, 12)
        c.drawCentredString(right_middle, y, NATION)
        y -= 13.5 * 1.22
        c.setFont(self.bold, 13.5)
        c.drawCentredString(right_middle, y, MOTTO)
        half = stringWidth(MOTTO, self.bold, 13.5) / 2
        c.line(right_middle - half, y - 4, right_middle + half, y - 4)
        last = 4.0
        c.setFont(self.regular, 13)
        c.drawCentredString(left_middle, last + 2, nfc(self.head.number))
        c.setFont(self.italic, 13)
        c.drawCentredString(right_middle, last + 2, nfc(self.head.place_date))


@dataclass(frozen=True)
class Line:
    """A line of a signature block or of the "Nơi nhận" list: wrapped to its column when long."""

    text: str
    face: str  # Regular, Bold, Italic, BoldItalic
    size: float
    centred: bool = True
    before: float = 0.0  # space above it (the room to sign, above a name)
    leading: float = 0.0  # 0: 1.22 × size


class LinesRow(Flowable):
    """Columns of plain lines side by side, drawn directly (signature blocks are on every form: nested
    tables of paragraphs cost more than the rest of a page)."""

    BOTTOM = 8

    def __init__(self, columns: list[tuple[float, list[Line]]]) -> None:
        super().__init__()
        family = fonts.register()
        self.columns: list[tuple[float, list[tuple[str, str, float, bool, float]]]] = []
        self.height = 0.0
        for width, lines in columns:
            placed, y = [], 0.0
            for line in lines:
                font = f"{family}-{line.face}"
                step = line.leading or line.size * 1.22
                for n, part in enumerate(simpleSplit(line.text, font, line.size, width - 4) or [""]):
                    y += step + (line.before if n == 0 else 0)
                    placed.append((part, font, line.size, line.centred, y))
            self.columns.append((width, placed))
            self.height = max(self.height, y)
        self.height += self.BOTTOM
        self.total_width = sum(width for width, _lines in columns)

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        return self.total_width, self.height

    def draw(self) -> None:
        x = 0.0
        for width, placed in self.columns:
            for part, font, size, centred, y in placed:
                self.canv.setFont(font, size)
                baseline = self.height - y + size * 0.22
                if centred:
                    self.canv.drawCentredString(x + width / 2, baseline, part)
                else:
                    self.canv.drawString(x + 2, baseline, part)
            x += width


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
    heading: ParagraphStyle = field(  # a heading never ends a page: it goes over with what follows it
        default_factory=lambda: _style(
            "heading", bold=True, alignment=TA_LEFT, spaceBefore=6, spaceAfter=4, keepWithNext=1
        )
    )
    title: ParagraphStyle = field(
        default_factory=lambda: _style("title", 14, bold=True, alignment=TA_CENTER, spaceBefore=14)
    )
    subject: ParagraphStyle = field(default_factory=lambda: _style("subject", 13, bold=True, alignment=TA_CENTER))


def _in_pieces(
    rows: Sequence[Sequence[object]], columns: Sequence[float], size: float
) -> tuple[list[list[str]], set[int]]:
    """``rows`` with every cell longer than a third of a page (at its column's width) cut at spaces into pieces
    that are: the first piece stays in the row, the others go in rows below it. The table's row numbers (1 is
    the first row under the header) of the rows that continue the one above."""
    out: list[list[str]] = []
    continued: set[int] = set()
    lines = int(PAGE_THIRD / (size * 1.22))
    for row in rows:
        pieces = []
        for value, width in zip(row, columns, strict=True):
            most = max(40, int(width / (size * 0.55)) * lines)  # characters of a third of a page in this column
            pieces.append(_cut(str(value), most))
        for n in range(max(len(p) for p in pieces)):
            if n:
                continued.add(len(out) + 1)
            out.append([p[n] if n < len(p) else "" for p in pieces])
    return out, continued


def _cut(text: str, most: int) -> list[str]:
    """``text`` in pieces of at most ``most`` characters, cut at spaces (a longer word is cut where it must)."""
    if len(text) <= most:
        return [text]
    pieces: list[str] = []
    while len(text) > most:
        at = text.rfind(" ", 0, most)
        at = at if at > most // 2 else most
        pieces.append(text[:at].rstrip())
        text = text[at:].lstrip()
    return [*pieces, text] if text else pieces


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
        # What a saved copy is named after (catalog.file_name): the record's code, and what tells this paper
        # from the others of its record (a date, a month, a trainee).
        self.record, self.detail = "", ""
        self.story: list[Flowable] = []
        if letterhead is not None:
            self.story.append(self._letterhead(letterhead))
        if title:
            self.story.append(para(title.upper(), self.styles.title))
        if subject:
            self.story.append(para(subject, self.styles.subject))
            self.story.append(Rule(45 * mm, gap=3))
        self.story.append(Spacer(1, 4 * mm))

    # --- the header block ---------------------------------------------------------------------------
    def _letterhead(self, head: Letterhead) -> Flowable:
        return LetterheadBlock(head, self.width)

    # --- the body -------------------------------------------------------------------------------------
    def heading(self, value: str) -> None:
        self.story.append(para(value, self.styles.heading))

    def paragraph(self, value: str, *, indent: bool = True) -> None:
        """A body paragraph (justified; first line indented unless ``indent`` is false)."""
        self.story.append(para(value, self.styles.body if indent else self.styles.plain))

    def addressed(self, recipients: Sequence[str], label: str = "Kính gửi:") -> None:
        """ "Kính gửi:" and the recipients, one a line, each under the first (NĐ 30/2020 Phụ lục I mục 9a)."""
        hang = stringWidth(label + " ", f"{fonts.register()}-Regular", BODY_SIZE)
        for n, recipient in enumerate(recipients):
            style = _style(f"to{n}", alignment=TA_LEFT, leftIndent=hang, firstLineIndent=-hang if n == 0 else 0)
            self.story.append(para(f"{label} {recipient}" if n == 0 else recipient, style))
        self.story.append(Spacer(1, 2 * mm))

    def field(self, label: str, value: object) -> None:
        """ "Label: value" with the label in bold, the value as it is (a missing value leaves dots to fill)."""
        shown = str(value) if str(value).strip() else "." * 60
        self.story.append(labelled(label, shown, self.styles.plain))

    def centred(
        self, value: str, *, bold: bool = False, italic: bool = False, size: float = BODY_SIZE, caption: bool = False
    ) -> None:
        """A centred line; ``caption``: it titles what follows (a table) and goes to the next page with it."""
        style = _style("c", size, bold=bold, italic=italic, alignment=TA_CENTER, keepWithNext=int(caption))
        self.story.append(para(value, style))

    def text_block(self, content: str, *, bullets: bool = False) -> None:
        """A section's text, a paragraph per line (``bullets``: "- " before each); nothing written yet:
        dotted lines to write on by hand."""
        lines = [x.strip() for x in content.splitlines() if x.strip()]
        if not lines:
            self.dotted_lines(2)
        for line in lines:
            self.paragraph(f"- {line}" if bullets else line, indent=not bullets)

    def dotted_lines(self, count: int) -> None:
        """``count`` lines of dots across the text width, to write on by hand."""
        dots = "." * int(self.width / stringWidth(".", self.styles.plain.fontName, self.styles.plain.fontSize) - 2)
        for _ in range(count):
            self.story.append(para(dots, _style("dots", BODY_SIZE, leading=BODY_SIZE * 1.8)))

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
        columns = self._fitted_widths([*rows, *([total] if total is not None else [])], widths, align, size)
        # A cell of pages of text would make a row no page can hold: it goes on in rows of its own below (the
        # other cells left empty), each at most a third of a page, so the table breaks between them.
        body, continued = ([list(map(str, r)) for r in rows], set()) if sign_rows else _in_pieces(rows, columns, size)
        data: list[list[Flowable]] = [[para(h, head_style) for h in header]]
        for row in body:
            data.append([para(v, styles[a]) for v, a in zip(row, align, strict=True)])
        if total is not None:
            data.append([para(v, bold[a]) for v, a in zip(total, align, strict=True)])
        heights = [None] + [9 * mm] * len(rows) + ([None] if total is not None else []) if sign_rows else None
        table = Table(data, colWidths=columns, rowHeights=heights, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), f"{fonts.register()}-Regular"),  # else Helvetica is referenced
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    *[("VALIGN", (0, n - 1), (-1, n), "TOP") for n in continued],  # a row going on reads down
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
        # Spaces measured so that a name on two lines and an address on two still leave the signer on the
        # page: a certificate is one page (TT 26/2014 Phụ lục 6).
        self.space(2)
        for value, bold in heads:
            self.centred(value.upper(), bold=bold, size=13)
        self.space(6)
        self.story.append(para(title.upper(), _style("cert", 32, bold=True, alignment=TA_CENTER)))
        self.space(1)
        self.story.append(para(subtitle, _style("cert_sub", 17, bold=True, alignment=TA_CENTER)))
        self.space(5)
        self.centred(highlight[0], italic=True, size=15)
        size = self._fitting(highlight[1], "Bold", 22)
        self.story.append(para(highlight[1], _style("cert_name", size, bold=True, alignment=TA_CENTER)))
        self.space(2)
        for value in lines:
            size = self._fitting(value, "Regular", 15)
            self.story.append(para(value, _style("cert_line", size, alignment=TA_CENTER, leading=size * 1.27)))
        self.signatures([signer], corner, left_title="", sign_space=18 * mm)

    def _fitting(self, value: str, face: str, size: float, lines: int = 2, smallest: float = 11) -> float:
        """The largest size up to ``size`` at which ``value`` takes at most ``lines`` lines of the text width (a
        long product or facility name is set smaller rather than pushing the signer off a one-page paper)."""
        font = f"{fonts.register()}-{face}"
        while size > smallest and len(wrap_words(nfc(value), font, size, self.width - 6)) > lines:
            size -= 1
        return size

    def _fitted_widths(
        self,
        rows: Sequence[Sequence[object]],
        shares: Sequence[float],
        align: str,
        size: float,
    ) -> list[float]:
        """Column widths from their shares of the text width, except that a figure never wraps
        ("1.491.600.00" over "0"): a right-aligned column too narrow for its widest value (bold, in the
        totals) is widened, and the widest text column gives up the room."""
        widths = [share * self.width / sum(shares) for share in shares]
        bold = f"{fonts.register()}-Bold"
        padding = 7  # the cell's left and right padding, and a point to spare
        for n, kind in enumerate(align):
            if kind != "r":
                continue
            needed = max((stringWidth(nfc(str(row[n])), bold, size) for row in rows), default=0) + padding
            extra = needed - widths[n]
            if extra <= 0:
                continue
            donor = max((m for m, k in enumerate(align) if k == "l"), key=lambda m: widths[m], default=None)
            if donor is None or widths[donor] - extra < 20 * mm:
                continue  # no text column can give that much: the figure wraps rather than the text vanishing
            widths[n] += extra
            widths[donor] -= extra
        return widths

    # --- the end -------------------------------------------------------------------------------------
    def _signer(self, signer: Signer, size: float = 13, sign_space: float = 24 * mm) -> list[Line]:
        lines = [Line(nfc(signer.dated), "Italic", 13)] if signer.dated else []
        if signer.over:
            lines.append(Line(nfc(signer.over.upper()), "Bold", size))
        lines.append(Line(nfc(signer.role.upper()), "Bold", size))
        if signer.note:
            lines.append(Line(nfc(signer.note), "Italic", 12))
        # The space to sign in, then the name (or nothing, to be written by hand: the space stays).
        lines.append(Line(nfc(signer.name), "Bold", size, before=sign_space))
        return lines

    def signatures(
        self,
        signers: Sequence[Signer],
        recipients: Sequence[str] = (),
        *,
        left_title: str = "Nơi nhận:",
        sign_space: float = 24 * mm,
    ) -> None:
        """The signature blocks side by side (three to a row at most). With ``recipients`` the "Nơi nhận"
        list (or other lines under ``left_title``) sits left of the last signer, as on a letter."""
        blocks: list[Flowable] = []
        letter = [self.width * 0.45, self.width * 0.55]
        if recipients:
            to = [Line(nfc(left_title), "BoldItalic", 12, centred=False)] if left_title else []
            to += [Line(nfc(r), "Regular", 11, centred=False, leading=13) for r in recipients]
            rows: list[list[Line]] | None = (
                [to, self._signer(signers[-1], sign_space=sign_space)] if signers else [to, []]
            )
            others = list(signers[:-1])
        elif len(signers) == 1:  # one signer: on the right, as on a letter
            rows, others = [[], self._signer(signers[0])], []
        else:
            rows, others = None, list(signers)
        if others:
            per_row = 2 if len(others) == 4 else min(3, len(others))
            size = 12 if per_row == 3 else 13  # three positions side by side fit on their lines
            for n in range(0, len(others), per_row):
                line = [self._signer(signer, size) for signer in others[n : n + per_row]]
                line += [[] for _ in range(per_row - len(line))]
                blocks.append(LinesRow([(self.width / per_row, cell) for cell in line]))
        if rows is not None:
            blocks.append(LinesRow(list(zip(letter, rows, strict=True))))
        # A signature never stands alone on a page: the last paragraph goes over with it.
        last = [self.story.pop()] if self.story and isinstance(self.story[-1], Paragraph) else []
        self.story.append(KeepTogether([*last, Spacer(1, 4 * mm), *blocks]))

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
        frame = _Frame(MARGIN_LEFT, MARGIN_BOTTOM, self.width, height, id="body", leftPadding=0, rightPadding=0)
        document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._page_number)])
        document.build(list(self.story))
        return out.getvalue()
