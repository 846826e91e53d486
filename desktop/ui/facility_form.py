"""The facility form: its fields, the verdict on who can be supported as the user types, and the yearly
figures (NĐ 80/2021 Điều 7–8) saved with the facility. Every rule is in services.facilities / eligibility."""

from __future__ import annotations

import contextlib
import html
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desktop.core.dates import format_date
from desktop.core.money import format_money, format_number, parse_money
from desktop.services import facilities
from desktop.services.eligibility import Eligibility
from desktop.services.facilities import FacilityForm, YearFigures
from desktop.services.forms import Field
from desktop.ui.context import AppContext
from desktop.ui.editing import FormDone, form_failure
from desktop.ui.record_form import RecordDialog, fill_combo, set_combo_code

VERDICT_DELAY_MS = 200


@dataclass
class _Panel:
    """The right-hand side of the form, made before the dialog so the dialog can lay it out."""

    host: QWidget
    verdict_box: QGroupBox
    summary: QLabel
    details: QLabel
    years: QTableWidget
    add: QPushButton
    edit: QPushButton
    delete: QPushButton
    hint: QLabel


def _panel(tr: Callable[[str], str]) -> _Panel:
    host = QWidget()
    column = QVBoxLayout(host)
    column.setContentsMargins(0, 0, 0, 0)
    verdict_box = QGroupBox()
    verdict_box.setObjectName("eligibility")
    inner = QVBoxLayout(verdict_box)
    summary = QLabel()
    summary.setObjectName("eligibility_summary")
    summary.setWordWrap(True)
    details = QLabel()
    details.setObjectName("eligibility_reasons")
    details.setWordWrap(True)
    details.setTextFormat(Qt.TextFormat.RichText)
    details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    scroll = QScrollArea()  # many reasons and priorities scroll instead of pushing the figures away
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(details)
    inner.addWidget(summary)
    inner.addWidget(scroll, 1)
    years_box = QGroupBox(tr("Số liệu từng năm"))
    years_layout = QVBoxLayout(years_box)
    years = QTableWidget(0, 6)
    years.setObjectName("facility_years")
    years.setHorizontalHeaderLabels(
        [
            tr("Năm"),
            tr("Lao động"),
            tr("BHXH"),
            tr("Doanh thu (đồng)"),
            tr("Nguồn vốn (đồng)"),
            tr("Xuất khẩu"),
        ]
    )
    years.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    years.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    years.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    years.verticalHeader().hide()
    header = years.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    years.setMinimumHeight(130)
    insured = years.horizontalHeaderItem(2)
    if insured is not None:
        insured.setToolTip(tr("Lao động tham gia bảo hiểm xã hội bình quân năm"))
    add, edit, delete = QPushButton(tr("Thêm năm…")), QPushButton(tr("Sửa…")), QPushButton(tr("Xóa năm"))
    add.setObjectName("add_year")
    edit.setObjectName("edit_year")
    delete.setObjectName("delete_year")
    buttons = QHBoxLayout()
    for button in (add, edit, delete):
        buttons.addWidget(button)
    buttons.addStretch(1)
    hint = QLabel(
        tr("NĐ 80/2021: quy mô xét theo số liệu năm trước liền kề. Số liệu năm được lưu cùng cơ sở khi bấm Lưu.")
    )
    hint.setWordWrap(True)
    hint.setStyleSheet("color: #555;")
    years_layout.addWidget(years, 1)
    years_layout.addLayout(buttons)
    years_layout.addWidget(hint)
    column.addWidget(verdict_box, 1)
    column.addWidget(years_box, 1)
    host.setMinimumWidth(360)  # with the fields beside it, within a 1024 px laptop screen
    return _Panel(host, verdict_box, summary, details, years, add, edit, delete, hint)


class YearDialog(RecordDialog):
    """One year's figures: checked as typed (services.facilities.parse_year), money shown as 1.234.567."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        labels: Mapping[str, str],
        values: Mapping[str, Any],
        others: Sequence[int],
        on_done: Callable[[YearFigures], None],
        parent: QWidget | None = None,
    ) -> None:
        def parse(_fields: Sequence[Field], raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
            _figures, errors = facilities.parse_year(raw, others)
            return dict(raw), errors

        def save(raw: dict[str, Any], done: FormDone) -> None:
            figures, errors = facilities.parse_year(raw, others)
            if figures is None:
                key, message = next(iter(errors.items()))
                done(False, key, message)
                return
            done(True, None, "")
            on_done(figures)

        super().__init__(
            ctx,
            title,
            facilities.YEAR_FIELDS,
            labels,
            values,
            save,
            parent,
            note=self.tr(
                "Lao động tham gia bảo hiểm xã hội bình quân năm (NĐ 80/2021 Điều 7), tổng doanh thu của năm và tổng"
                " nguồn vốn cuối năm (Điều 8). Để trống doanh thu hoặc nguồn vốn nếu chưa kê khai."
            ),
            parse=parse,
        )
        self.setObjectName("facility_year_form")
        for key in ("revenue", "capital"):
            box: QLineEdit = self.widget(key)
            box.setAlignment(Qt.AlignmentFlag.AlignRight)
            box.setPlaceholderText(self.tr("đồng, ví dụ 1.500.000.000"))
            box.editingFinished.connect(lambda b=box: self._money(b))
        for key in ("insured_employees", "local_material_percent"):
            self.widget(key).setAlignment(Qt.AlignmentFlag.AlignRight)
        self.widget("insured_employees").setPlaceholderText(self.tr("bình quân năm, ví dụ 9,5"))
        self.resize(580, 430)

    def _money(self, box: QLineEdit) -> None:
        with contextlib.suppress(ValueError):  # a wrong amount: the field's own message says why
            box.setText(format_money(parse_money(box.text())))


class FacilityDialog(RecordDialog):
    """A facility's edit form with the verdict on who can be supported and its yearly figures."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        labels: Mapping[str, str],
        facility_id: uuid.UUID | None,
        form: FacilityForm,
        save: Callable[[dict[str, Any], FormDone], None],
        parent: QWidget | None = None,
    ) -> None:
        panel = _panel(self.tr)
        super().__init__(
            ctx,
            title,
            facilities.FIELDS,
            labels,
            form.values,
            save,
            parent,
            options={"craft_village_id": form.craft_villages},
            parse=lambda _fields, raw: facilities.parse(raw),
            side=panel.host,
        )
        self.setObjectName("edit_facility")
        self._years: list[YearFigures] = list(form.years)
        self.panel, self._facility_id = panel, facility_id
        self._waiting = False
        self._asked = 0  # a verdict that comes back for an older question is dropped
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(VERDICT_DELAY_MS)
        self._timer.timeout.connect(self._ask_verdict)
        panel.add.clicked.connect(self.add_year)
        panel.edit.clicked.connect(self.edit_year)
        panel.delete.clicked.connect(self.delete_year)
        panel.years.doubleClicked.connect(lambda _i: self.edit_year())
        panel.years.itemSelectionChanged.connect(self._year_selected)
        self._show_years()
        self._initial = self.raw()
        self._revalidate()
        self._ask_verdict()

    def set_craft_villages(self, villages: list[tuple[str, str]]) -> None:
        """Fill the làng nghề list (read after a new facility's form opened), keeping what is chosen."""
        combo = self.widget("craft_village_id")
        chosen = str(combo.currentData() or "")
        fill_combo(combo, villages)
        set_combo_code(combo, chosen)

    # --- what the dialog holds ---------------------------------------------------------------------------
    def raw(self) -> dict[str, Any]:
        values = super().raw()
        values["years"] = tuple(getattr(self, "_years", ()))
        return values

    def years(self) -> list[YearFigures]:
        return list(self._years)

    def _changed(self, key: str) -> None:
        super()._changed(key)
        if not self._loading:
            self._timer.start()

    # --- the verdict ---------------------------------------------------------------------------------------
    @property
    def verdict_pending(self) -> bool:
        return self._timer.isActive() or self._waiting

    def _ask_verdict(self) -> None:
        self._asked += 1
        asked, raw, years, fid, today = self._asked, super().raw(), list(self._years), self._facility_id, date.today()
        self._waiting = True

        def work(session: Session) -> Eligibility:
            return facilities.preview(session, fid, raw, years, today)

        self._ctx.runner.read(work, lambda verdict: self._show_verdict(asked, verdict))

    def _show_verdict(self, asked: int, verdict: Eligibility) -> None:
        if asked != self._asked:
            return
        self._waiting = False
        on = format_date(verdict.on) if verdict.on else ""
        self.panel.verdict_box.setTitle(self.tr("Điều kiện hỗ trợ ngày %1").replace("%1", on))
        colour = "#1b5e20" if verdict.eligible else "#b00020"
        self.panel.summary.setText(verdict.summary)
        self.panel.summary.setStyleSheet(f"font-weight: bold; color: {colour};")
        lines = []
        for finding in verdict.findings:
            mark, tone = ("✓", "#1b5e20") if finding.ok else ("✗", "#b00020") if finding.ok is False else ("•", "#444")
            lines.append(
                f"<tr><td style='color:{tone}; padding-right:4px'>{mark}</td>"
                f"<td style='color:{tone}; padding-bottom:3px'>{html.escape(finding.text)}</td></tr>"
            )
        basis = html.escape(verdict.legal_basis)
        footer = f"<p style='color:#555'>{self.tr('Căn cứ')}: {basis}</p>" if basis else ""
        self.panel.details.setText(f"<table>{''.join(lines)}</table>{footer}")

    # --- the yearly figures --------------------------------------------------------------------------------
    def _show_years(self) -> None:
        table = self.panel.years
        self._years.sort(key=lambda y: -y.year)
        table.setRowCount(len(self._years))
        for row, figures in enumerate(self._years):
            cells = (
                str(figures.year),
                str(figures.total_employees),
                format_number(figures.insured_employees),
                "" if figures.revenue is None else format_money(figures.revenue),
                "" if figures.capital is None else format_money(figures.capital),
                self.tr("Có") if figures.exporting else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column < 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, item)
        self._year_selected()

    def _selected_year(self) -> int | None:
        rows = self.panel.years.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _year_selected(self) -> None:
        has = self._selected_year() is not None
        self.panel.edit.setEnabled(has)
        self.panel.delete.setEnabled(has)

    def _year_labels(self) -> dict[str, str]:
        return {
            "year": self.tr("Năm"),
            "total_employees": self.tr("Tổng số lao động"),
            "insured_employees": self.tr("Lao động tham gia BHXH (bình quân năm)"),
            "revenue": self.tr("Tổng doanh thu của năm (đồng)"),
            "capital": self.tr("Tổng nguồn vốn cuối năm (đồng)"),
            "exporting": self.tr("Có sản phẩm xuất khẩu"),
            "local_material_percent": self.tr("Tỷ lệ nguyên liệu tại chỗ (%)"),
            "declared_size": self.tr("Quy mô cơ sở tự kê khai"),
        }

    def _years_changed(self) -> None:
        self._show_years()
        self._changed("years")

    def add_year(self) -> None:
        others = [y.year for y in self._years]
        start = YearFigures(year=date.today().year - 1).display() | {"insured_employees": "", "total_employees": ""}
        if date.today().year - 1 in others:
            start["year"] = ""

        def added(figures: YearFigures) -> None:
            self._years.append(figures)
            self._years_changed()

        dialog = YearDialog(self._ctx, self.tr("Thêm số liệu năm"), self._year_labels(), start, others, added, self)
        dialog.open()

    def edit_year(self) -> None:
        row = self._selected_year()
        if row is None:
            return
        current = self._years[row]
        others = [y.year for y in self._years if y is not current]

        def edited(figures: YearFigures) -> None:
            self._years[self._years.index(current)] = figures
            self._years_changed()

        title = self.tr("Sửa số liệu năm %1").replace("%1", str(current.year))
        dialog = YearDialog(self._ctx, title, self._year_labels(), current.display(), others, edited, self)
        dialog.open()

    def delete_year(self) -> None:
        row = self._selected_year()
        if row is None:
            return
        del self._years[row]
        self._years_changed()


def edit_facility(
    parent: QWidget,
    ctx: AppContext,
    labels: Mapping[str, str],
    facility_id: uuid.UUID | None,
    title: str,
    on_saved: Callable[[uuid.UUID], None] = lambda _id: None,
    defaults: Mapping[str, Any] | None = None,
) -> None:
    """Load the facility (off the GUI thread), show its form, save it and its years as one undoable action."""
    province = ctx.settings.province_code

    def show(form: FacilityForm) -> None:
        if facility_id is None:
            form.values.update(defaults or {})

        def save(raw: dict[str, Any], done: FormDone) -> None:
            years = list(raw.pop("years", ()))

            def saved(new_id: uuid.UUID) -> None:
                done(True, None, "")
                on_saved(new_id)

            ctx.runner.write(
                f"{title} “{raw.get('name', '')}”",
                lambda session: facilities.save(session, facility_id, raw, years, province),
                saved,
                form_failure(dialog, done),
                parent=dialog,
            )

        dialog = FacilityDialog(ctx, title, labels, facility_id, form, save, parent)
        dialog.open()
        if facility_id is None:  # a new facility opens at once; its làng nghề list arrives after
            ctx.runner.read(lambda session: facilities.craft_villages(session, province), dialog.set_craft_villages)

    if facility_id is None:
        show(facilities.blank_form())
    else:
        ctx.runner.read(lambda session: facilities.load(session, facility_id, province), show)
