"""Realistic, deterministic demo data for one province: the database every benchmark and screenshot uses.

Rows are written straight through the driver in their stored form (bulk ``executemany`` in one transaction):
100,000 facilities must generate in under a minute. Demo rows are not written to the audit trail: they are
nobody's edits, and a demo database is not meant to be synced.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.core.text import unit_in_text
from desktop.core.validation import CCCD_PROVINCE_CODES
from desktop.models.enums import (
    AcceptanceConclusion,
    AppraisalConclusion,
    AppraisalCriterion,
    CommuneKind,
    CourseKind,
    FundingKind,
    LegalForm,
    PriorityGroup,
    ProductGroup,
    ProposalStatus,
    Sector,
    VotingLevel,
)
from desktop.models.proposal import PART_FIELDS
from desktop.models.reference import Commune, Province
from desktop.services import advances as advance_rules
from desktop.services import settings
from desktop.services.facilities import YEAR_COLUMNS
from desktop.services.lifecycle import MAIN_LINE
from desktop.services.training import certificate_number, certificate_prefix
from desktop.services.voting import certificate_valid_until
from desktop.store import audit, search
from desktop.store.reference_data import ETHNIC_GROUPS
from desktop.store.storage import open_database

Progress = Callable[[str, int, int], None]
"""progress(step label, done, total): reported by long work, shown by whoever runs it."""

STAMP = "2026-11-01 01:00:00.000000"
ACTOR = "du-lieu-mau"
_M = 1_000_000

FAMILY = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Huỳnh", 3),
    ("Phan", 4),
    ("Vũ", 3),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 1),
    ("Ngô", 1),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
)
MIDDLE = {
    "nam": ("Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Ngọc", "Anh"),
    "nu": ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Phương", "Mỹ"),
}
GIVEN = {
    "nam": (
        "Hùng",
        "Dũng",
        "Nam",
        "Tuấn",
        "Hải",
        "Long",
        "Sơn",
        "Phong",
        "Khánh",
        "Bình",
        "Cường",
        "Thắng",
        "Hiếu",
        "Trung",
        "Quân",
        "Đạt",
        "Vinh",
        "Lộc",
        "Tài",
        "Phúc",
    ),
    "nu": (
        "Lan",
        "Hương",
        "Mai",
        "Hoa",
        "Hằng",
        "Linh",
        "Trang",
        "Thảo",
        "Nga",
        "Phương",
        "Hà",
        "Yến",
        "Nhung",
        "Loan",
        "Vân",
        "Huyền",
        "Oanh",
        "Dung",
        "Thủy",
        "Ánh",
    ),
}
# (craft, products, product group, sector)
CRAFTS: tuple[tuple[str, tuple[str, ...], ProductGroup, Sector], ...] = (
    ("mây tre đan", ("Giỏ mây đan", "Đèn tre", "Khay mây"), ProductGroup.THU_CONG_MY_NGHE, Sector.CONG_NGHIEP_XAY_DUNG),
    (
        "gốm sứ",
        ("Bình gốm men lam", "Chén gốm", "Lọ hoa gốm"),
        ProductGroup.THU_CONG_MY_NGHE,
        Sector.CONG_NGHIEP_XAY_DUNG,
    ),
    (
        "dệt thổ cẩm",
        ("Khăn thổ cẩm", "Túi thổ cẩm", "Váy thổ cẩm"),
        ProductGroup.THU_CONG_MY_NGHE,
        Sector.CONG_NGHIEP_XAY_DUNG,
    ),
    (
        "mộc mỹ nghệ",
        ("Bàn ghế gỗ", "Tủ gỗ chạm khắc", "Tượng gỗ"),
        ProductGroup.THU_CONG_MY_NGHE,
        Sector.CONG_NGHIEP_XAY_DUNG,
    ),
    (
        "chế biến cà phê",
        ("Cà phê rang xay", "Cà phê bột nguyên chất"),
        ProductGroup.CHE_BIEN,
        Sector.CONG_NGHIEP_XAY_DUNG,
    ),
    ("chế biến chè", ("Chè búp khô", "Trà xanh túi lọc"), ProductGroup.CHE_BIEN, Sector.CONG_NGHIEP_XAY_DUNG),
    ("nước mắm", ("Nước mắm cá cơm", "Nước mắm nhĩ"), ProductGroup.CHE_BIEN, Sector.CONG_NGHIEP_XAY_DUNG),
    ("chế biến hạt điều", ("Hạt điều rang muối", "Bánh hạt điều"), ProductGroup.CHE_BIEN, Sector.CONG_NGHIEP_XAY_DUNG),
    ("bánh tráng", ("Bánh tráng mè", "Bánh tráng phơi sương"), ProductGroup.CHE_BIEN, Sector.CONG_NGHIEP_XAY_DUNG),
    ("rượu truyền thống", ("Rượu cần", "Rượu nếp cái hoa vàng"), ProductGroup.CHE_BIEN, Sector.CONG_NGHIEP_XAY_DUNG),
    (
        "cơ khí nông cụ",
        ("Máy tuốt lúa", "Dao rựa rèn tay", "Máy xay xát"),
        ProductGroup.CO_KHI,
        Sector.CONG_NGHIEP_XAY_DUNG,
    ),
    ("sơn mài", ("Tranh sơn mài", "Hộp sơn mài"), ProductGroup.THU_CONG_MY_NGHE, Sector.CONG_NGHIEP_XAY_DUNG),
    ("thêu ren", ("Tranh thêu tay", "Khăn thêu"), ProductGroup.THU_CONG_MY_NGHE, Sector.CONG_NGHIEP_XAY_DUNG),
    ("đúc đồng", ("Tượng đồng", "Chuông đồng"), ProductGroup.THU_CONG_MY_NGHE, Sector.CONG_NGHIEP_XAY_DUNG),
    ("chế biến thủy sản", ("Cá khô", "Mực một nắng", "Tôm khô"), ProductGroup.CHE_BIEN, Sector.NONG_LAM_THUY_SAN),
    ("may mặc", ("Áo sơ mi", "Quần áo bảo hộ lao động"), ProductGroup.KHAC, Sector.CONG_NGHIEP_XAY_DUNG),
    ("chế biến gỗ", ("Ván ghép thanh", "Viên nén gỗ"), ProductGroup.KHAC, Sector.CONG_NGHIEP_XAY_DUNG),
    ("sản xuất bao bì", ("Bao bì giấy", "Thùng carton"), ProductGroup.KHAC, Sector.CONG_NGHIEP_XAY_DUNG),
    ("chế biến nông sản", ("Tinh bột sắn", "Miến dong", "Mứt gừng"), ProductGroup.CHE_BIEN, Sector.NONG_LAM_THUY_SAN),
)
LEGAL_FORMS = (
    (LegalForm.HO_KINH_DOANH, 52),
    (LegalForm.DOANH_NGHIEP, 30),
    (LegalForm.HOP_TAC_XA, 10),
    (LegalForm.TO_HOP_TAC, 6),
    (LegalForm.LIEN_HIEP_HTX, 1),
    (LegalForm.KHAC, 1),
)
STATUSES = (
    (ProposalStatus.DRAFT, 12),
    (ProposalStatus.APPRAISED, 8),
    (ProposalStatus.APPROVED, 10),
    (ProposalStatus.CONTRACTED, 10),
    (ProposalStatus.IN_PROGRESS, 18),
    (ProposalStatus.ACCEPTED, 10),
    (ProposalStatus.SETTLED, 10),
    (ProposalStatus.LIQUIDATED, 16),
    (ProposalStatus.REJECTED, 3),
    (ProposalStatus.STOPPED, 3),
)
_VISITED = frozenset(
    {
        ProposalStatus.IN_PROGRESS,
        ProposalStatus.ACCEPTED,
        ProposalStatus.SETTLED,
        ProposalStatus.LIQUIDATED,
    }
)
"""Proposals whose places have had visitors (the demo model was shown)."""
FUNDINGS = (
    (FundingKind.KCDP, 70),
    (FundingKind.KCQG_DOI_TUONG, 15),
    (FundingKind.KCQG_NHOM, 10),
    (FundingKind.KCQG_DIEM, 5),
)
# (activity type, weight, support rate, title pattern, budget items (item, unit, price range in triệu))
ACTIVITIES: tuple[tuple[str, int, float, str, tuple[tuple[str, str, int, int], ...]], ...] = (
    (
        "may_moc_thiet_bi",
        34,
        0.5,
        "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất {craft} tại {place}",
        (
            ("Máy chính của dây chuyền", "cái", 120, 400),
            ("Thiết bị phụ trợ", "bộ", 20, 90),
            ("Lắp đặt, chạy thử", "gói", 5, 20),
            ("Chuyển giao, hướng dẫn vận hành", "gói", 3, 10),
        ),
    ),
    (
        "dao_tao_nghe",
        16,
        1.0,
        "Đào tạo nghề {craft} cho lao động nông thôn tại {place}",
        (
            ("Thù lao giảng viên", "giờ", 0, 1),
            ("Nguyên vật liệu thực hành", "gói", 10, 40),
            ("Hỗ trợ tiền ăn học viên", "ngày", 1, 2),
            ("Tài liệu, văn phòng phẩm", "bộ", 2, 6),
        ),
    ),
    (
        "mo_hinh_trinh_dien",
        10,
        0.3,
        "Xây dựng mô hình trình diễn kỹ thuật sản xuất {craft} tại {place}",
        (
            ("Nhà xưởng, mặt bằng trình diễn", "gói", 100, 500),
            ("Máy móc thiết bị", "bộ", 200, 900),
            ("Tài liệu quy trình công nghệ", "bộ", 5, 20),
            ("Hội nghị trình diễn", "cuộc", 10, 30),
        ),
    ),
    (
        "tham_gia_hoi_cho",
        8,
        0.8,
        "Hỗ trợ cơ sở {craft} tham gia hội chợ triển lãm hàng CNNT",
        (("Thuê gian hàng tiêu chuẩn", "gian", 10, 20), ("Vận chuyển hàng mẫu", "chuyến", 3, 8)),
    ),
    (
        "thuong_hieu",
        5,
        0.5,
        "Hỗ trợ xây dựng, đăng ký nhãn hiệu sản phẩm {craft} {place}",
        (("Thiết kế nhận diện thương hiệu", "gói", 10, 30), ("Phí đăng ký nhãn hiệu", "đơn", 2, 6)),
    ),
    (
        "tu_van",
        5,
        0.5,
        "Tư vấn quản lý sản xuất, thiết kế mẫu mã cho cơ sở {craft}",
        (("Thuê chuyên gia tư vấn", "ngày công", 2, 5), ("Khảo sát, báo cáo", "gói", 5, 15)),
    ),
    (
        "day_chuyen_cong_nghe",
        5,
        0.5,
        "Hỗ trợ dây chuyền công nghệ tiên tiến sản xuất {craft}",
        (("Dây chuyền thiết bị", "dây chuyền", 400, 900), ("Lắp đặt, chuyển giao", "gói", 20, 60)),
    ),
    (
        "san_xuat_sach_hon",
        4,
        0.3,
        "Đánh giá sản xuất sạch hơn tại cơ sở {craft}",
        (("Thuê chuyên gia đánh giá", "ngày công", 2, 5), ("Thiết bị tiết kiệm năng lượng", "bộ", 50, 200)),
    ),
    (
        "khoi_su_quan_tri",
        5,
        1.0,
        "Tập huấn khởi sự và quản trị doanh nghiệp tại {place}",
        (("Thù lao báo cáo viên", "buổi", 1, 3), ("Tài liệu", "bộ", 0, 1), ("Thuê hội trường", "ngày", 2, 6)),
    ),
    (
        "thong_tin_tuyen_truyen",
        4,
        1.0,
        "Tuyên truyền hoạt động khuyến công trên báo, đài năm {year}",
        (("Phóng sự truyền hình", "số", 10, 30), ("Tờ rơi, ấn phẩm", "tờ", 0, 1)),
    ),
    (
        "xu_ly_o_nhiem_co_so",
        2,
        0.3,
        "Hỗ trợ nâng cấp hệ thống xử lý ô nhiễm môi trường tại cơ sở {craft}",
        (("Hệ thống xử lý nước thải", "hệ thống", 200, 900), ("Giám sát, quan trắc", "lần", 5, 15)),
    ),
    (
        "binh_chon_tinh",
        2,
        1.0,
        "Tổ chức bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh năm {year}",
        (("Hoạt động Hội đồng bình chọn", "gói", 30, 80), ("In giấy chứng nhận, khen thưởng", "gói", 10, 40)),
    ),
)
TRAINING_TOPICS = (
    "Kỹ thuật đan mây tre xuất khẩu",
    "Dệt thổ cẩm truyền thống",
    "Chế biến cà phê chất lượng cao",
    "Làm gốm thủ công",
    "Mộc dân dụng và mỹ nghệ",
    "Thêu ren tay",
    "May công nghiệp",
    "Chế biến hải sản khô",
    "Sơn mài truyền thống",
    "Kỹ thuật chế biến chè xanh",
)


@dataclass
class DemoStats:
    """What was generated, table by table."""

    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


class _Ids:
    """Deterministic UUIDv7 values (time-ordered layout, random part from the seeded generator)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._ms = 1_735_689_600_000  # 2025-01-01 UTC: demo rows sort as if made over time

    def __call__(self) -> str:
        self._ms += 1
        rand = self._rng.getrandbits(74)
        value = (self._ms << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62) | (rand & ((1 << 62) - 1))
        return f"{value:032x}"


def _weighted(rng: random.Random, choices: Sequence[tuple[Any, int]]) -> Callable[[], Any]:
    values = [c for c, _ in choices]
    cumulative: list[int] = []
    total = 0
    for _, w in choices:
        total += w
        cumulative.append(total)
    return lambda: rng.choices(values, cum_weights=cumulative)[0]


def _iso(d: date) -> str:
    return d.isoformat()


class _Writer:
    """Bulk inserts in stored form; the sync columns are appended to every row."""

    SYNC = ("province_code", "row_version", "created_at", "updated_at", "deleted_at", "created_by", "updated_by")

    def __init__(self, connection: Any, province_code: str, stats: DemoStats) -> None:
        self._cursor = connection.cursor()
        self._tail = (province_code, 0, STAMP, STAMP, None, ACTOR, ACTOR)
        self._stats = stats

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
        names = ", ".join(f'"{c}"' for c in (*columns, *self.SYNC))
        marks = ", ".join("?" * (len(columns) + len(self.SYNC)))
        tail = self._tail
        batch = [row + tail for row in rows]
        self._cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)
        self._stats.rows[table] = self._stats.rows.get(table, 0) + len(batch)


class _Generator:
    def __init__(self, rng: random.Random, province: Province, communes: list[Commune], today: date) -> None:
        self.rng = rng
        self.ids = _Ids(rng)
        self.province = province
        self.communes = communes
        self.today = today
        self.family = _weighted(rng, FAMILY)
        self.legal_form = _weighted(rng, LEGAL_FORMS)
        self.status = _weighted(rng, STATUSES)
        self.funding = _weighted(rng, FUNDINGS)
        self.activity = _weighted(rng, [(a, a[1]) for a in ACTIVITIES])
        minorities = [(e, 1) for e in ETHNIC_GROUPS[1:12]]
        self.ethnicity = _weighted(rng, [("Kinh", 60 * len(minorities) // 10), *minorities])

    def person(self) -> tuple[str, str]:
        gender = "nu" if self.rng.random() < 0.55 else "nam"
        r = self.rng
        return f"{self.family()} {r.choice(MIDDLE[gender])} {r.choice(GIVEN[gender])}", gender

    def place(self, commune: Commune) -> str:
        for prefix in ("Xã ", "Phường ", "Đặc khu "):
            if commune.name.startswith(prefix):
                return commune.name[len(prefix) :]
        return commune.name

    def tax_code(self) -> str:
        from stdnum.vn import mst

        while True:  # about one body in eleven has no valid check digit: draw again
            body = f"{self.rng.randint(1, 99):02d}{self.rng.randint(0, 9_999_999):07d}"
            check = mst.calc_check_digit(body)
            if len(check) == 1:
                return body + check

    def phone(self) -> str:
        return self.rng.choice(("09", "03", "08", "07")) + f"{self.rng.randint(0, 99_999_999):08d}"

    def cccd(self, birth: date, gender: str) -> str:
        century = (birth.year - 1900) // 100
        code = century * 2 + (1 if gender == "nu" else 0)
        prefix = self.rng.choice(sorted(CCCD_PROVINCE_CODES))
        return f"{prefix}{code}{birth.year % 100:02d}{self.rng.randint(0, 999_999):06d}"


# What a file holding someone's data has: demo data goes into a new file only, as its rows are written in bulk
# with codes and numbers of their own (they would collide with those there, after minutes of work, and mix
# made-up records with real ones).
_RECORDS = ("facility", "proposal", "training_course", "trainee", "voting_round")


def refuse_synced(path: Path, province_code: str) -> None:
    """Refuse (:class:`Refused`) demo data for a file that has signed in to or been enrolled with a sync
    server: what is made there would go to the server as a centre's real records at the next sync. (Tests
    and benchmarks fill such files on purpose, as a province's existing data: they call :func:`generate`.)"""
    from desktop.core.errors import Refused
    from desktop.store.db import read_only

    if not path.is_file() or path.stat().st_size == 0:
        return
    try:
        with closing(read_only(path)) as connection:
            server = _synced_with(connection)
    except sqlite3.DatabaseError:  # damaged: opening it says how
        return
    if server:
        raise Refused(
            f"Tệp dữ liệu {path} đã đăng nhập hoặc ghi danh với máy chủ đồng bộ ({server}): dữ liệu mẫu tạo vào đó"
            " sẽ được gửi lên máy chủ như dữ liệu thật. Không có gì được ghi. Hãy dùng --db với tên một tệp mới,"
            f" ví dụ: khuyencong --db du-lieu-mau.sqlite3 demo-data --province {province_code}"
        )


def _synced_with(connection: sqlite3.Connection) -> str:
    """The sync server the file has signed in to or been enrolled with ("" when none)."""
    from sync.account import SERVER_KEY_SETTING
    from sync.state import SERVER_SETTING

    try:
        rows = connection.execute(
            "SELECT key, value FROM app_setting WHERE key IN (?, ?) AND value != ''",
            (SERVER_SETTING, SERVER_KEY_SETTING),
        ).fetchall()
    except sqlite3.OperationalError:  # a file of a version before sync
        return ""
    kept = dict(rows)
    return str(kept.get(SERVER_SETTING) or ("máy chủ của tệp ghi danh" if kept else ""))


def _refuse_records(path: Path, province_code: str) -> None:
    from desktop.core.errors import Refused
    from desktop.core.money import format_money
    from desktop.store.checks import record_name
    from desktop.store.db import read_only

    if not path.is_file() or path.stat().st_size == 0:
        return
    held = []
    try:
        with closing(read_only(path)) as connection:
            for table in _RECORDS:
                try:
                    (count,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
                except sqlite3.OperationalError:  # not made yet (a file of an older version): none there
                    continue
                if count:
                    name = record_name(table)  # as db check names it, within a sentence
                    held.append(f"{format_money(count)} {name[0].lower()}{name[1:]}")
    except sqlite3.DatabaseError:  # damaged: opening it says how
        return
    if held:
        raise Refused(
            f"Tệp dữ liệu {path} đã có dữ liệu ({', '.join(held)}): dữ liệu mẫu chỉ tạo vào một tệp mới, để không"
            " lẫn với dữ liệu đang dùng. Không có gì được ghi. Hãy dùng --db với tên một tệp mới, ví dụ:"
            f" khuyencong --db du-lieu-mau.sqlite3 demo-data --province {province_code}"
        )


def generate(
    path: Path,
    province_code: str,
    *,
    facilities: int,
    proposals: int,
    trainees: int,
    seed: int,
    today: date = date(2026, 11, 1),
    progress: Progress | None = None,
) -> DemoStats:
    """Fill the database at ``path`` with demo data for one province; the same seed gives the same data.
    :class:`Refused` at once, before anything is made or written, when the file already holds records."""
    _refuse_records(path, province_code)
    report = progress or (lambda _label, _done, _total: None)
    database = open_database(path)
    try:
        with database.session() as session:
            province = session.get(Province, province_code)
            if province is None:
                raise ValueError(f"Không có tỉnh/thành phố mã “{province_code}” trong danh mục 07/2025")
            communes = list(
                session.scalars(select(Commune).where(Commune.province_code == province_code).order_by(Commune.code))
            )
            if not settings.load(session).configured:
                # A demo database opens straight on the main window, as a configured centre's would.
                centre = settings.CentreSettings(
                    province.code,
                    f"Trung tâm Khuyến công {province.name}",
                    director_name="Nguyễn Văn Hùng",
                    accountant_name="Trần Thị Mai",
                )
                settings.save(session, centre)
                session.commit()
        gen = _Generator(random.Random(seed), province, communes, today)
        stats = DemoStats()
        raw = database.engine.raw_connection()
        try:
            writer = _Writer(raw, province_code, stats)
            steps = 5
            report("Cơ sở công nghiệp nông thôn", 0, steps)
            facility_rows = _facilities(gen, writer, facilities)
            report("Đề án khuyến công", 1, steps)
            training_proposals = _proposals(gen, writer, proposals, facility_rows)
            report("Lớp đào tạo và học viên", 2, steps)
            _training(gen, writer, trainees, training_proposals, facility_rows)
            report("Bình chọn sản phẩm", 3, steps)
            _voting(gen, writer, facility_rows)
            report("Chỉ mục tìm kiếm", 4, steps)
            for table in search.SEARCHABLE:
                raw.execute(search.refresh_sql(table))
            # Written in bulk, past the outbox: the next sync queues these rows (sync.client.adopt_unsent).
            raw.execute("DELETE FROM app_setting WHERE key = ?", (audit.ADOPTED_SETTING,))
            raw.commit()
            report("Xong", steps, steps)
        except BaseException:
            raw.rollback()
            raise
        finally:
            raw.close()
        return stats
    finally:
        database.close()


@dataclass
class _FacilityRow:
    id: str
    name: str
    commune: Commune
    craft: int
    products: list[tuple[str, str]]  # (product id, name)


def _facilities(gen: _Generator, w: _Writer, count: int) -> list[_FacilityRow]:
    rng = gen.rng
    villages: list[tuple[str, str, int]] = []
    village_rows = []
    for commune in rng.sample(gen.communes, max(3, len(gen.communes) // 8)):
        craft_no = rng.randrange(len(CRAFTS))
        vid = gen.ids()
        name = f"Làng nghề {CRAFTS[craft_no][0]} {gen.place(commune)}"
        villages.append((vid, commune.code, craft_no))
        village_rows.append(
            (
                vid,
                name,
                commune.code,
                CRAFTS[craft_no][0],
                f"{rng.randint(1, 999)}/QĐ-UBND",
                _iso(date(rng.randint(2005, 2024), rng.randint(1, 12), rng.randint(1, 28))),
            )
        )
    w.insert(
        "craft_village", ("id", "name", "commune_code", "craft", "recognition_decision", "recognised_on"), village_rows
    )
    village_by_commune = {code: (vid, craft_no) for vid, code, craft_no in villages}
    facilities, years, products, certificates = [], [], [], []
    result: list[_FacilityRow] = []
    for _ in range(count):
        fid = gen.ids()
        commune = rng.choice(gen.communes)
        village: tuple[str, int] | None = village_by_commune.get(commune.code) if rng.random() < 0.5 else None
        craft_index = village[1] if village else rng.randrange(len(CRAFTS))
        craft, product_names, group, sector = CRAFTS[craft_index]
        form = gen.legal_form()
        owner, gender = gen.person()
        place = gen.place(commune)
        if form is LegalForm.DOANH_NGHIEP:
            name = f"Công ty {rng.choice(('TNHH', 'Cổ phần', 'TNHH MTV'))} {craft} {place}"
        elif form is LegalForm.HOP_TAC_XA:
            name = f"Hợp tác xã {craft} {place}"
        elif form is LegalForm.TO_HOP_TAC:
            name = f"Tổ hợp tác {craft} thôn {rng.randint(1, 12)} {place}"
        elif form is LegalForm.LIEN_HIEP_HTX:
            name = f"Liên hiệp hợp tác xã {craft} {gen.province.short_name}"
        elif form is LegalForm.KHAC:
            name = f"Cơ sở {craft} {owner}"
        else:
            name = f"Hộ kinh doanh {owner}"
        # A commune's phường inside a centrally-run city is outside the rural scope unless in a craft village;
        # real registers still hold such facilities, and eligibility must say so.
        ethnicity = gen.ethnicity()
        enterprise = form is LegalForm.DOANH_NGHIEP
        facilities.append(
            (
                fid,
                name,
                form.value,
                gen.tax_code() if enterprise or rng.random() < 0.3 else None,
                f"{rng.randint(10, 99)}{rng.randint(0, 99_999_999):08d}",
                _iso(date(rng.randint(1995, 2024), rng.randint(1, 12), rng.randint(1, 28))),
                sector.value,
                f"Sản xuất {craft}",
                owner,
                gender,
                ethnicity,
                commune.code,
                f"Thôn {rng.randint(1, 15)}" if commune.kind is not CommuneKind.PHUONG else f"Số {rng.randint(1, 300)}",
                "",
                village[0] if village else None,
                gen.phone(),
                "",
                gender == "nu" and rng.random() < 0.8,
                ethnicity != "Kinh" and rng.random() < 0.9,
                rng.random() < 0.03,
                rng.random() < 0.002,
                "",
            )
        )
        staff = rng.randint(3, 160) if enterprise else rng.randint(1, 12)
        for year in (2024, 2025):
            grown = max(1, staff + rng.randint(-2, 3))
            revenue = grown * rng.randint(150, 900) * _M
            years.append(
                (
                    gen.ids(),
                    fid,
                    year,
                    min(grown, 999),
                    grown + rng.randint(0, 5),
                    revenue,
                    int(revenue * rng.uniform(0.3, 0.9)),
                    rng.random() < 0.08,
                    rng.randint(20, 100),
                    None,
                )
            )
        own_products: list[tuple[str, str]] = []
        for product_name in rng.sample(product_names, rng.randint(0, min(2, len(product_names)))):
            pid = gen.ids()
            products.append((pid, fid, product_name, group.value, ""))
            own_products.append((pid, product_name))
            if rng.random() < 0.06:
                year = rng.choice((2021, 2023, 2025))
                certificates.append(
                    (
                        gen.ids(),
                        pid,
                        VotingLevel.TINH.value,
                        year,
                        f"{rng.randint(1, 999)}/QĐ-UBND",
                        _iso(date(year, 11, rng.randint(1, 28))),
                        _iso(certificate_valid_until(year)),
                    )
                )
        result.append(_FacilityRow(fid, name, commune, craft_index, own_products))
    w.insert(
        "facility",
        (
            "id",
            "name",
            "legal_form",
            "tax_code",
            "registration_no",
            "established_on",
            "sector",
            "main_line",
            "representative_name",
            "representative_gender",
            "representative_ethnicity",
            "commune_code",
            "street_address",
            "old_address_text",
            "craft_village_id",
            "phone",
            "email",
            "women_owned",
            "ethnic_minority_owned",
            "applies_cleaner_production",
            "fired_clay_bricks",
            "note",
        ),
        facilities,
    )
    w.insert(
        "facility_year",
        ("id", "facility_id", "year", *YEAR_COLUMNS),
        years,
    )
    w.insert("product", ("id", "facility_id", "name", "product_group", "description"), products)
    w.insert(
        "product_certificate",
        ("id", "product_id", "level", "year", "decision_no", "decision_date", "valid_until"),
        certificates,
    )
    return result


# The tables the proposals fill, in the order they are written (parents first), with their columns.
_PROPOSAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "proposal": (
        "id",
        "code",
        "title",
        "plan_year",
        "funding",
        "activity_type_code",
        "implementing_unit",
        "coordinating_units",
        "start_date",
        "end_date",
        "status",
        "approved_on",
        "approval_decision",
        "approved_support",
        *PART_FIELDS,
    ),
    "proposal_beneficiary": ("id", "proposal_id", "facility_id", "note"),
    "proposal_location": ("id", "proposal_id", "commune_code", "address", "visitors"),
    "budget_line": (
        "id",
        "proposal_id",
        "position",
        "item",
        "unit",
        "quantity",
        "unit_price",
        "amount",
        "support_amount",
        "counterpart_amount",
        "other_amount",
        "beneficiary_facility_id",
    ),
    "status_transition": (
        "id",
        "proposal_id",
        "from_status",
        "to_status",
        "at",
        "actor",
        "reason",
        "decision_no",
        "decision_date",
    ),
    "appraisal": (
        "id",
        "proposal_id",
        "form",
        "level",
        "council",
        "appraiser",
        "appraised_on",
        "field_visit",
        "conclusion",
        "proposed_support",
        "remarks",
    ),
    "appraisal_assessment": ("id", "appraisal_id", "criterion", "satisfied", "assessment"),
    "contract": ("id", "proposal_id", "kind", "number", "signed_on", "party", "facility_id", "value"),
    "advance": ("id", "proposal_id", "paid_on", "amount", "voucher_no", "note"),
    "progress_report": (
        "id",
        "proposal_id",
        "period_year",
        "period_month",
        "reported_on",
        "progress_percent",
        "content",
        "funds_used",
    ),
    "inspection": ("id", "proposal_id", "inspected_on", "place", "team", "checked", "findings", "requests"),
    "acceptance": (
        "id",
        "proposal_id",
        "form",
        "location_id",
        "accepted_on",
        "parties",
        "achieved",
        "value_accepted",
        "conclusion",
        "trainees_certified",
    ),
    "settlement": (
        "id",
        "proposal_id",
        "settled_on",
        "settled_amount",
        "refund_amount",
        "liquidated_on",
        "liquidation_no",
        "note",
    ),
    "support_record": (
        "id",
        "facility_id",
        "year",
        "source",
        "activity_type_code",
        "cost_item",
        "amount",
        "proposal_id",
    ),
}


APPRAISED_BEFORE = 20  # days from the appraisal to the approval
SETTLED_AFTER = 30  # days from the acceptance (the end of the work) to the settlement
LIQUIDATED_AFTER = 40  # … and to the liquidation of the contract


def _shares(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` whole amounts that add up to it (the first ones a đồng more)."""
    base, extra = divmod(total, parts)
    return [base + (1 if n < extra else 0) for n in range(parts)]


@dataclass
class _Proposal:
    """One proposal as drafted: what the records of each later step of its life are drawn from."""

    id: str
    status: ProposalStatus
    funding: FundingKind
    activity: str
    year: int
    title: str
    chosen: list[_FacilityRow]  # its beneficiaries, the lead first
    place: str
    total_support: int
    start: date
    end: date
    stage: int  # how far along the main line it went (MAIN_LINE's index)
    approved_on: date
    decision: str
    location_ids: list[str] = field(default_factory=list)

    @property
    def national(self) -> bool:
        return self.funding.value.startswith("kcqg")


def _proposals(gen: _Generator, w: _Writer, count: int, facilities: list[_FacilityRow]) -> list[tuple[str, str]]:
    """Proposals spread over every step of the lifecycle, with records that match each step; the courses of
    the training proposals under way (their id and start) are returned for the courses to belong to.

    Each step draws from the seeded generator in turn, so the same seed always gives the same file."""
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _PROPOSAL_COLUMNS}
    training: list[tuple[str, str]] = []
    for i in range(count):
        marks = {table: len(found) for table, found in rows.items()}  # where this proposal's rows begin
        p = _drafted(gen, i, facilities, rows)
        _moved_along(gen, p, rows)
        if p.stage >= 1:
            _appraised(gen, p, rows)
        if p.stage >= 3:
            _contracted(gen, p, rows)
        if p.stage >= 4 and p.total_support:
            _carried_out(gen, p, rows)
        if p.stage >= 5:
            _accepted(gen, p, rows)
        if p.stage >= 6:
            _settled(gen, p, rows)
        _as_of(gen.today, rows, marks)
        if p.activity in ("dao_tao_nghe", "khoi_su_quan_tri") and p.stage >= 3:
            training.append((p.id, _iso(p.start)))
    for table, columns in _PROPOSAL_COLUMNS.items():
        w.insert(table, columns, rows[table])
    return training


def _drafted(
    gen: _Generator, i: int, facilities: list[_FacilityRow], rows: dict[str, list[tuple[Any, ...]]]
) -> _Proposal:
    """The proposal as written: its beneficiaries, places, budget and the step it has reached."""
    rng = gen.rng
    pid = gen.ids()
    status: ProposalStatus = gen.status()
    funding: FundingKind = gen.funding()
    activity, _w, rate, title, items = gen.activity()
    year = rng.randint(2021, 2026) if status is not ProposalStatus.DRAFT else rng.randint(2025, 2027)
    group_size = rng.randint(2, 4) if funding in (FundingKind.KCQG_NHOM, FundingKind.KCQG_DIEM) else 1
    chosen = rng.sample(facilities, group_size) if facilities else []
    lead = chosen[0] if chosen else None
    place = gen.place(lead.commune) if lead else gen.province.short_name
    craft = CRAFTS[lead.craft][0] if lead else "thủ công mỹ nghệ"
    # Budget lines: amount = quantity × price; split by the activity's usual support rate.
    total_support = 0
    for position, (item, unit, low, high) in enumerate(items, start=1):
        quantity = rng.randint(1, 3) if unit not in ("giờ", "ngày", "tờ") else rng.randint(20, 400)
        price = rng.randint(max(low, 1) * 10, max(high, 1) * 10) * 100_000 if high > 1 else rng.randint(1, 9) * 100_000
        amount = quantity * price
        supported = int(amount * rate) // 1000 * 1000
        other = 0
        beneficiary = chosen[(position - 1) % len(chosen)].id if chosen and rate < 1 else None
        rows["budget_line"].append(
            (
                gen.ids(),
                pid,
                position,
                item,
                unit,
                quantity,
                price,
                amount,
                supported,
                amount - supported - other,
                other,
                beneficiary,
            )
        )
        total_support += supported
    start = date(year, rng.randint(2, 6), rng.randint(1, 28))
    end = start + timedelta(days=rng.randint(90, 240))
    if funding is FundingKind.KCQG_DIEM:  # TT 36/2013 Điều 2 k.3: a flagship runs more than one year
        end += timedelta(days=366)
    stage = (
        MAIN_LINE.index(status)
        if status in MAIN_LINE
        else (1 if status is ProposalStatus.REJECTED else rng.randint(2, 4))
    )
    approved = stage >= 2 and status is not ProposalStatus.REJECTED
    decision = f"{rng.randint(100, 2999)}/QĐ-{'BCT' if funding.value.startswith('kcqg') else 'UBND'}"
    approved_on = start - timedelta(days=rng.randint(10, 60))
    p = _Proposal(
        pid,
        status,
        funding,
        activity,
        year,
        title.format(craft=craft, place=place, year=year),
        chosen,
        place,
        total_support,
        start,
        end,
        stage,
        approved_on,
        decision,
    )
    rows["proposal"].append(
        (
            pid,
            f"{'KCQG' if p.national else 'KCĐP'}-{year}-{i + 1:05d}",
            p.title,
            year,
            funding.value,
            activity,
            f"Trung tâm Khuyến công và Xúc tiến thương mại {gen.province.short_name}",
            "Ủy ban nhân dân " + (unit_in_text(lead.commune.name) if lead else ""),
            _iso(start),
            _iso(end),
            status.value,
            _iso(approved_on) if approved else None,
            decision if approved else "",
            total_support if approved else None,
            "",  # part 1 of the đề án: the units and place print from the records themselves
            "Căn cứ Nghị định 45/2012/NĐ-CP và kế hoạch khuyến công",
            "Nâng cao năng suất, chất lượng sản phẩm",
            "",
            "",
            "",
            "",
            "Tăng doanh thu, tạo việc làm cho lao động",
        )
    )
    for f in chosen:
        rows["proposal_beneficiary"].append((gen.ids(), pid, f.id, ""))
    for f in chosen[: rng.randint(1, 2)]:
        lid = gen.ids()
        p.location_ids.append(lid)
        # Visitors of a place while the work runs, from its id: the random sequence stays as it was.
        visited = status in _VISITED
        rows["proposal_location"].append((lid, pid, f.commune.code, "", int(lid, 16) % 150 + 20 if visited else 0))
    return p


# The day each record of a proposal's life is dated by: the demo holds what a centre would have on its "today".
_DATED = {
    "status_transition": "at",
    "appraisal": "appraised_on",
    "contract": "signed_on",
    "advance": "paid_on",
    "progress_report": "reported_on",
    "inspection": "inspected_on",
    "acceptance": "accepted_on",
    "settlement": "settled_on",
}


def _as_of(today: date, rows: dict[str, list[tuple[Any, ...]]], marks: dict[str, int]) -> None:
    """Keep, of the proposal written since ``marks``, only what is dated by ``today``: a proposal whose work
    ends later is still under way (no acceptance, settlement or liquidation dated in the future), and its
    status is its last step kept."""
    columns = _PROPOSAL_COLUMNS

    def day(table: str, row: tuple[Any, ...], column: str) -> date | None:
        value = row[columns[table].index(column)]
        return None if value is None else date.fromisoformat(str(value)[:10])

    def keep_until(table: str, last: date) -> None:
        mine = rows[table][marks[table] :]
        del rows[table][marks[table] :]
        rows[table].extend(r for r in mine if (on := day(table, r, _DATED[table])) is None or on <= last)

    for table in _DATED:
        keep_until(table, today)
    # The work (advances, reports, inspections) ends when the work was accepted, or when it was stopped.
    ended = [
        day("status_transition", r, "at")
        for r in rows["status_transition"][marks["status_transition"] :]
        if r[3] in (ProposalStatus.ACCEPTED.value, ProposalStatus.STOPPED.value)
    ]
    if ended and ended[0] is not None:
        for table in ("advance", "progress_report", "inspection"):
            keep_until(table, ended[0])
    liquidated = columns["settlement"].index("liquidated_on")
    settlements = rows["settlement"]
    for n in range(marks["settlement"], len(settlements)):
        on = day("settlement", settlements[n], "liquidated_on")
        if on is not None and on > today:  # settled, the contract not liquidated yet
            settlements[n] = (*settlements[n][:liquidated], None, "", *settlements[n][liquidated + 2 :])
    if len(settlements) == marks["settlement"]:  # not settled by today: no support paid for good either
        del rows["support_record"][marks["support_record"] :]
    steps = rows["status_transition"][marks["status_transition"] :]
    proposal = rows["proposal"][-1]
    status = columns["proposal"].index("status")
    rows["proposal"][-1] = (*proposal[:status], steps[-1][3], *proposal[status + 1 :])


# Why a proposal was refused or stopped: the lifecycle asks a decision's number or a reason for either.
_REASONS = {
    ProposalStatus.REJECTED: "Hội đồng thẩm định không đề nghị hỗ trợ: đề án chưa đáp ứng yêu cầu",
    ProposalStatus.STOPPED: "Đơn vị thụ hưởng xin dừng thực hiện, chưa giải ngân phần còn lại",
}


def _moved_along(gen: _Generator, p: _Proposal, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """Its transitions along the main line up to the step reached (and the refusal or stop, if so), each on
    the day of the paper that made it: appraised when appraised, approved on the decision's day, accepted on
    the acceptance's, and so on (a stop follows the last step by some weeks)."""
    rng = gen.rng
    path = [ProposalStatus.DRAFT, *MAIN_LINE[1 : p.stage + 1]]
    if p.status in (ProposalStatus.REJECTED, ProposalStatus.STOPPED):
        path.append(p.status)
    written = date(p.year - 1, 5, rng.randint(1, 20))
    days = {
        ProposalStatus.DRAFT: written,
        ProposalStatus.APPRAISED: p.approved_on - timedelta(days=APPRAISED_BEFORE),
        ProposalStatus.APPROVED: p.approved_on,
        ProposalStatus.REJECTED: p.approved_on,
        ProposalStatus.CONTRACTED: p.start,
        ProposalStatus.IN_PROGRESS: p.start + timedelta(days=1),
        ProposalStatus.ACCEPTED: p.end,
        ProposalStatus.SETTLED: p.end + timedelta(days=SETTLED_AFTER),
        ProposalStatus.LIQUIDATED: p.end + timedelta(days=LIQUIDATED_AFTER),
    }
    previous: ProposalStatus | None = None
    on, gap = written, 0
    for step in path:
        on = days.get(step, on + timedelta(days=gap))
        approving = step is ProposalStatus.APPROVED
        rows["status_transition"].append(
            (
                gen.ids(),
                p.id,
                previous.value if previous else None,
                step.value,
                f"{_iso(on)} 02:00:00.000000",
                ACTOR,
                _REASONS.get(step, ""),
                p.decision if approving else "",
                _iso(p.approved_on) if approving else None,
            )
        )
        previous = step
        gap = rng.randint(7, 40)  # drawn after every step, used by a stop: the other records stay as they were


def _appraised(gen: _Generator, p: _Proposal, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """The council's appraisal (Mẫu 4a, or 4b for a national one per facility) and its criteria."""
    aid = gen.ids()
    refused = p.status is ProposalStatus.REJECTED
    conclusion = AppraisalConclusion.KHONG_HO_TRO if refused else AppraisalConclusion.HO_TRO
    rows["appraisal"].append(
        (
            aid,
            p.id,
            "4b" if p.funding is FundingKind.KCQG_DOI_TUONG else "4a",
            "Sở Công Thương",
            "Hội đồng thẩm định đề án khuyến công",
            gen.person()[0],
            _iso(p.approved_on - timedelta(days=APPRAISED_BEFORE)),
            gen.rng.random() < 0.7,
            conclusion.value,
            p.total_support,
            "",
        )
    )
    for criterion in AppraisalCriterion:
        rows["appraisal_assessment"].append((gen.ids(), aid, criterion.value, True, "Đạt yêu cầu"))


def _contracted(gen: _Generator, p: _Proposal, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """The contract with the unit carrying it out."""
    rows["contract"].append(
        (
            gen.ids(),
            p.id,
            "thuc_hien",
            f"{gen.rng.randint(1, 300)}/HĐ-KC",
            _iso(p.start),
            f"Trung tâm Khuyến công và Xúc tiến thương mại {gen.province.short_name}",  # the implementer
            None,
            p.total_support,
        )
    )


def _carried_out(gen: _Generator, p: _Proposal, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """The work under way: the first advance, a monthly report or three and, now and then, an inspection."""
    rng = gen.rng
    # The first advance is the most TT 36/2013 Điều 13 allows the kind before acceptance.
    ceiling = advance_rules.ceiling(p.total_support, advance_rules.rule_for(p.activity))
    first = p.total_support * 7 // 10 if ceiling is None else ceiling
    voucher = f"UNC-{rng.randint(1, 9999)}"
    if first:
        rows["advance"].append((gen.ids(), p.id, _iso(p.start + timedelta(days=15)), first, voucher, ""))
    months = rng.randint(1, 3)
    for m in range(months):
        index = p.start.month + m  # the months after the start, one report each
        when = date(p.start.year + index // 12, index % 12 + 1, 25)
        rows["progress_report"].append(
            (
                gen.ids(),
                p.id,
                when.year,
                when.month,
                _iso(when),
                min(100, 30 * (m + 1)),
                "Triển khai theo kế hoạch",
                first * (m + 1) // months,
            )
        )
    if rng.random() < 0.4:
        rows["inspection"].append(
            (
                gen.ids(),
                p.id,
                _iso(p.start + timedelta(days=45)),
                p.place,
                "Phòng Quản lý Công nghiệp, Sở Công Thương",
                "Tiến độ, khối lượng thực hiện",
                "Đề án triển khai đúng tiến độ",
                "",
            )
        )


def _accepted(gen: _Generator, p: _Proposal, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """Acceptance: one record per place (Mẫu 5a), or one for the whole proposal (Mẫu 5b) when it has none."""
    places = p.location_ids or [""]
    for lid, share in zip(places, _shares(p.total_support, len(places)), strict=True):
        rows["acceptance"].append(
            (
                gen.ids(),
                p.id,
                "5a" if lid else "5b",
                lid or None,
                _iso(p.end),
                "Đại diện đơn vị thực hiện, đơn vị thụ hưởng, Sở Công Thương",
                "Hoàn thành khối lượng theo đề án",
                share,
                AcceptanceConclusion.DAT.value,
                0,
            )
        )


def _settled(gen: _Generator, p: _Proposal, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """The settlement (and, past it, the liquidation) and the support each beneficiary received."""
    liquidated = _iso(p.end + timedelta(days=LIQUIDATED_AFTER)) if p.stage >= 7 else None
    rows["settlement"].append(
        (
            gen.ids(),
            p.id,
            _iso(p.end + timedelta(days=SETTLED_AFTER)),
            p.total_support,
            0,
            liquidated,
            str(gen.rng.randint(1, 300)) if liquidated else "",
            "",
        )
    )
    for f, share in zip(p.chosen, _shares(p.total_support, len(p.chosen)), strict=True):
        rows["support_record"].append(
            (
                gen.ids(),
                f.id,
                p.year,
                "KCQG" if p.national else "KCĐP",
                p.activity,
                p.title[:300],
                share,
                p.id,
            )
        )


def _training(
    gen: _Generator, w: _Writer, count: int, proposals: list[tuple[str, str]], facilities: list[_FacilityRow]
) -> None:
    rng = gen.rng
    courses, modules, trainers, people, enrolments, attendance, employment = [], [], [], [], [], [], []
    made = 0
    number = 0
    kinds = list(CourseKind)
    while made < count:
        number += 1
        size = min(rng.randint(25, 60), count - made)
        cid = gen.ids()
        proposal_id, start_text = proposals[number % len(proposals)] if proposals else (None, "2025-03-01")
        start = date.fromisoformat(start_text) + timedelta(days=rng.randint(0, 30))
        days = rng.randint(5, 12)
        end = start + timedelta(days=days - 1)
        commune = rng.choice(gen.communes)
        topic = rng.choice(TRAINING_TOPICS)
        finished = end < gen.today
        course_code = f"LĐT-{start.year}-{number:04d}"
        certificates = 0
        courses.append(
            (
                cid,
                proposal_id,
                course_code,
                rng.choice(kinds).value,
                topic,
                f"Nhà văn hóa {gen.place(commune)}",
                commune.code,
                _iso(start),
                _iso(end),
                size,
                30_000,
                200_000,
                f"{rng.randint(1, 500)}/QĐ-TTKC" if finished else "",
                _iso(end + timedelta(days=5)) if finished else None,
            )
        )
        for position in range(1, rng.randint(3, 6) + 1):
            modules.append(
                (
                    gen.ids(),
                    cid,
                    position,
                    f"Mô-đun {position}: {topic.lower()}",
                    rng.randint(4, 16),
                    rng.randint(16, 60),
                )
            )
        for _ in range(rng.randint(1, 2)):
            trainers.append(
                (gen.ids(), cid, gen.person()[0], rng.choice(("Nghệ nhân ưu tú", "Thợ giỏi", "Kỹ sư")), gen.phone())
            )
        day_texts = [_iso(start + timedelta(days=d)) for d in range(days)]
        for _ in range(size):
            tid = gen.ids()
            name, gender = gen.person()
            birth = date(rng.randint(1965, 2006), rng.randint(1, 12), rng.randint(1, 28))
            ethnicity = gen.ethnicity()
            home = rng.choice(gen.communes)
            priority = (
                PriorityGroup.DAN_TOC_THIEU_SO
                if ethnicity != "Kinh"
                else rng.choice(
                    (
                        PriorityGroup.KHONG,
                        PriorityGroup.KHONG,
                        PriorityGroup.KHONG,
                        PriorityGroup.HO_NGHEO,
                        PriorityGroup.HO_CAN_NGHEO,
                        PriorityGroup.KHUYET_TAT,
                    )
                )
            )
            people.append(
                (
                    tid,
                    name,
                    _iso(birth),
                    gender,
                    ethnicity,
                    gen.cccd(birth, gender),
                    home.code,
                    f"Thôn {rng.randint(1, 15)}, {home.name}",
                    priority.value,
                    gen.phone(),
                )
            )
            eid = gen.ids()
            present = [rng.random() < 0.95 for _ in day_texts] if finished else []
            certified = finished and sum(present) >= 0.8 * days
            certificates += 1 if certified else 0
            enrolments.append(
                (
                    eid,
                    cid,
                    tid,
                    sum(present),
                    rng.random() < 0.3,
                    certificate_number(certificate_prefix(course_code), certificates) if certified else "",
                    certified,
                )
            )
            for day_text, here in zip(day_texts, present, strict=False):
                attendance.append((gen.ids(), eid, day_text, here))
            if certified and rng.random() < 0.45:
                employer = rng.choice(facilities) if facilities else None
                employment.append(
                    (
                        gen.ids(),
                        eid,
                        employer.id if employer else None,
                        employer.name if employer else "",
                        _iso(end + timedelta(days=rng.randint(10, 90))),
                        rng.random() < 0.8,
                        "",
                    )
                )
            made += 1
    w.insert(
        "training_course",
        (
            "id",
            "proposal_id",
            "code",
            "kind",
            "topic",
            "venue",
            "commune_code",
            "start_date",
            "end_date",
            "planned_trainees",
            "meal_allowance_per_day",
            "travel_allowance",
            "certificate_decision_no",
            "certificate_decision_date",
        ),
        courses,
    )
    w.insert("course_module", ("id", "course_id", "position", "name", "theory_hours", "practice_hours"), modules)
    w.insert("course_trainer", ("id", "course_id", "name", "title", "phone"), trainers)
    w.insert(
        "trainee",
        (
            "id",
            "full_name",
            "birth_date",
            "gender",
            "ethnicity",
            "cccd",
            "commune_code",
            "address",
            "priority_group",
            "phone",
        ),
        people,
    )
    w.insert(
        "enrolment",
        ("id", "course_id", "trainee_id", "meal_days", "travel_eligible", "certificate_no", "certified"),
        enrolments,
    )
    w.insert("attendance", ("id", "enrolment_id", "day", "present"), attendance)
    w.insert(
        "employment",
        ("id", "enrolment_id", "employer_facility_id", "employer_name", "started_on", "confirmed", "note"),
        employment,
    )


def _voting(gen: _Generator, w: _Writer, facilities: list[_FacilityRow]) -> None:
    rng = gen.rng
    products = [p for f in facilities for p in f.products]
    rounds, jurors, entries, scores = [], [], [], []
    for year in (2021, 2023, 2025):
        rid = gen.ids()
        rounds.append(
            (
                rid,
                VotingLevel.TINH.value,
                year,
                f"Bình chọn sản phẩm CNNT tiêu biểu {unit_in_text(settings.province_title(gen.province))} năm {year}",
                "Hội đồng bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh",
                f"{rng.randint(1, 999)}/QĐ-UBND",
                _iso(date(year, 11, rng.randint(1, 28))),
            )
        )
        panel = [gen.ids() for _ in range(rng.randint(5, 7))]
        for jid in panel:
            jurors.append(
                (
                    jid,
                    rid,
                    gen.person()[0],
                    rng.choice(("Chuyên viên Sở Công Thương", "Nghệ nhân", "Giảng viên", "Doanh nhân")),
                )
            )
        for number, (product_id, _name) in enumerate(rng.sample(products, min(len(products), 40)), start=1):
            eid = gen.ids()
            entries.append((eid, rid, product_id, rng.choice(list(ProductGroup)).value, f"T{year % 100}-{number:03d}"))
            quality = rng.uniform(0.55, 0.95)
            for jid in panel:
                scores.append(
                    (
                        gen.ids(),
                        eid,
                        jid,
                        round(40 * min(1, quality + rng.uniform(-0.1, 0.1))),
                        round(40 * min(1, quality + rng.uniform(-0.1, 0.1))),
                        rng.randint(5, 10),
                        rng.randint(4, 10),
                        "",
                    )
                )
    w.insert("voting_round", ("id", "level", "year", "name", "council_name", "decision_no", "decision_date"), rounds)
    w.insert("juror", ("id", "round_id", "name", "title"), jurors)
    w.insert("voting_entry", ("id", "round_id", "product_id", "product_group", "voting_code"), entries)
    w.insert("score", ("id", "entry_id", "juror_id", "market", "technical", "cultural", "other", "remarks"), scores)
