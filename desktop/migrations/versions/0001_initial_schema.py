"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 05:33:10.233898
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attachment",
        sa.Column("owner_table", sa.String(length=40), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachment_province_code"), ["province_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachment_sha256"), ["sha256"], unique=False)

    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_row_id"), ["row_id"], unique=False)

    op.create_table(
        "content_group",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_content_group")),
    )
    op.create_table(
        "programme_target",
        sa.Column("programme", sa.String(length=64), nullable=False),
        sa.Column("programme_name", sa.String(length=300), nullable=False),
        sa.Column("period_from", sa.Integer(), nullable=False),
        sa.Column("period_to", sa.Integer(), nullable=False),
        sa.Column(
            "report_group",
            sa.Enum(
                "may_moc_cong_nghe",
                "mo_hinh_sxsh",
                "dao_tao",
                "san_pham_tieu_bieu",
                "truyen_thong_xuc_tien",
                "ccn_moi_truong",
                "nang_luc",
                name="reportgroup",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("indicator_name", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.Column("legal_basis", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_target")),
        sa.UniqueConstraint(
            "province_code",
            "programme",
            "indicator",
            name=op.f("uq_programme_target_province_code_programme_indicator"),
        ),
    )
    with op.batch_alter_table("programme_target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programme_target_province_code"), ["province_code"], unique=False)

    op.create_table(
        "province",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("tinh", "thanh_pho", name="provincekind", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_province")),
    )
    op.create_table(
        "voting_round",
        sa.Column(
            "level",
            sa.Enum("xa", "tinh", "khu_vuc", "quoc_gia", name="votinglevel", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("council_name", sa.String(length=300), nullable=False),
        sa.Column("decision_no", sa.String(length=64), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voting_round")),
    )
    with op.batch_alter_table("voting_round", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_voting_round_province_code"), ["province_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_voting_round_year"), ["year"], unique=False)

    op.create_table(
        "activity_type",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("content_group_code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column(
            "report_group",
            sa.Enum(
                "may_moc_cong_nghe",
                "mo_hinh_sxsh",
                "dao_tao",
                "san_pham_tieu_bieu",
                "truyen_thong_xuc_tien",
                "ccn_moi_truong",
                "nang_luc",
                name="reportgroup",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("counts_trainees", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_group_code"],
            ["content_group.code"],
            name=op.f("fk_activity_type_content_group_code_content_group"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_activity_type")),
    )
    op.create_table(
        "commune",
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=96), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("xa", "phuong", "dac_khu", name="communekind", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["province_code"], ["province.code"], name=op.f("fk_commune_province_code_province")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_commune")),
    )
    with op.batch_alter_table("commune", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commune_province_code"), ["province_code"], unique=False)

    op.create_table(
        "juror",
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["voting_round.id"], name=op.f("fk_juror_round_id_voting_round")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_juror")),
    )
    with op.batch_alter_table("juror", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_juror_province_code"), ["province_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_juror_round_id"), ["round_id"], unique=False)

    op.create_table(
        "craft_village",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("commune_code", sa.String(length=5), nullable=True),
        sa.Column("craft", sa.String(length=200), nullable=False),
        sa.Column("recognition_decision", sa.String(length=64), nullable=False),
        sa.Column("recognised_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["commune_code"], ["commune.code"], name=op.f("fk_craft_village_commune_code_commune")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_craft_village")),
    )
    with op.batch_alter_table("craft_village", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_craft_village_province_code"), ["province_code"], unique=False)

    op.create_table(
        "proposal",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("plan_year", sa.Integer(), nullable=False),
        sa.Column(
            "funding",
            sa.Enum(
                "kcqg_diem",
                "kcqg_nhom",
                "kcqg_doi_tuong",
                "kcdp",
                name="fundingkind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("activity_type_code", sa.String(length=32), nullable=False),
        sa.Column("implementing_unit", sa.String(length=300), nullable=False),
        sa.Column("coordinating_units", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "du_thao",
                "da_tham_dinh",
                "da_phe_duyet",
                "da_ky_hop_dong",
                "dang_thuc_hien",
                "da_nghiem_thu",
                "da_quyet_toan",
                "da_thanh_ly",
                "khong_phe_duyet",
                "da_dung",
                name="proposalstatus",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("approval_decision", sa.String(length=64), nullable=False),
        sa.Column("approved_support", sa.BigInteger(), nullable=True),
        sa.Column("part_units", sa.Text(), nullable=False),
        sa.Column("part_necessity", sa.Text(), nullable=False),
        sa.Column("part_objectives", sa.Text(), nullable=False),
        sa.Column("part_scale", sa.Text(), nullable=False),
        sa.Column("part_content", sa.Text(), nullable=False),
        sa.Column("part_budget", sa.Text(), nullable=False),
        sa.Column("part_organisation", sa.Text(), nullable=False),
        sa.Column("part_effects", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_type_code"], ["activity_type.code"], name=op.f("fk_proposal_activity_type_code_activity_type")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal")),
        sa.UniqueConstraint("province_code", "code", name=op.f("uq_proposal_province_code_code")),
    )
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_activity_type_code"), ["activity_type_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_plan_year"), ["plan_year"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_province_code"), ["province_code"], unique=False)

    op.create_table(
        "support_cap",
        sa.Column("activity_type_code", sa.String(length=32), nullable=False),
        sa.Column("rate_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("cap_amount", sa.BigInteger(), nullable=True),
        sa.Column(
            "unit",
            sa.Enum(
                "de_an",
                "mo_hinh",
                "co_so",
                "doanh_nghiep",
                "hoc_vien",
                "lan",
                "thuong_hieu",
                "cum",
                "hiep_hoi",
                name="capunit",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("legal_basis", sa.String(length=200), nullable=False),
        sa.Column("priority_factor", sa.Numeric(precision=4, scale=2), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_type_code"], ["activity_type.code"], name=op.f("fk_support_cap_activity_type_code_activity_type")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_cap")),
        sa.UniqueConstraint(
            "province_code",
            "activity_type_code",
            "valid_from",
            name=op.f("uq_support_cap_province_code_activity_type_code_valid_from"),
        ),
    )
    with op.batch_alter_table("support_cap", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_support_cap_activity_type_code"), ["activity_type_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_support_cap_province_code"), ["province_code"], unique=False)

    op.create_table(
        "trainee",
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column(
            "gender", sa.Enum("nam", "nu", name="gender", native_enum=False, create_constraint=True), nullable=False
        ),
        sa.Column("ethnicity", sa.String(length=40), nullable=False),
        sa.Column("cccd", sa.String(length=12), nullable=True),
        sa.Column("commune_code", sa.String(length=5), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column(
            "priority_group",
            sa.Enum(
                "khong",
                "dan_toc_thieu_so",
                "khuyet_tat",
                "ho_ngheo",
                "ho_can_ngheo",
                "khac",
                name="prioritygroup",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["commune_code"], ["commune.code"], name=op.f("fk_trainee_commune_code_commune")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trainee")),
    )
    with op.batch_alter_table("trainee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trainee_cccd"), ["cccd"], unique=False)
        batch_op.create_index(batch_op.f("ix_trainee_commune_code"), ["commune_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_trainee_province_code"), ["province_code"], unique=False)

    op.create_table(
        "advance",
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("voucher_no", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], name=op.f("fk_advance_proposal_id_proposal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advance")),
    )
    with op.batch_alter_table("advance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_advance_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_advance_province_code"), ["province_code"], unique=False)

    op.create_table(
        "appraisal",
        sa.Column(
            "form", sa.Enum("4a", "4b", name="appraisalform", native_enum=False, create_constraint=True), nullable=False
        ),
        sa.Column("level", sa.String(length=64), nullable=False),
        sa.Column("council", sa.String(length=300), nullable=False),
        sa.Column("appraiser", sa.String(length=120), nullable=False),
        sa.Column("appraised_on", sa.Date(), nullable=False),
        sa.Column("field_visit", sa.Boolean(), nullable=False),
        sa.Column(
            "conclusion",
            sa.Enum(
                "ho_tro",
                "khong_ho_tro",
                "bo_sung",
                name="appraisalconclusion",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("proposed_support", sa.BigInteger(), nullable=False),
        sa.Column("remarks", sa.Text(), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], name=op.f("fk_appraisal_proposal_id_proposal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal")),
    )
    with op.batch_alter_table("appraisal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appraisal_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appraisal_province_code"), ["province_code"], unique=False)

    op.create_table(
        "facility",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column(
            "legal_form",
            sa.Enum(
                "doanh_nghiep",
                "hop_tac_xa",
                "lien_hiep_htx",
                "to_hop_tac",
                "ho_kinh_doanh",
                "khac",
                name="legalform",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("tax_code", sa.String(length=14), nullable=True),
        sa.Column("registration_no", sa.String(length=32), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=True),
        sa.Column(
            "sector",
            sa.Enum(
                "nong_lam_thuy_san",
                "cong_nghiep_xay_dung",
                "thuong_mai_dich_vu",
                name="sector",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("main_line", sa.String(length=300), nullable=False),
        sa.Column("representative_name", sa.String(length=120), nullable=False),
        sa.Column(
            "representative_gender",
            sa.Enum("nam", "nu", name="gender", native_enum=False, create_constraint=True),
            nullable=True,
        ),
        sa.Column("representative_ethnicity", sa.String(length=40), nullable=False),
        sa.Column("commune_code", sa.String(length=5), nullable=False),
        sa.Column("street_address", sa.String(length=300), nullable=False),
        sa.Column("old_address_text", sa.String(length=300), nullable=False),
        sa.Column("craft_village_id", sa.Uuid(), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("women_owned", sa.Boolean(), nullable=False),
        sa.Column("ethnic_minority_owned", sa.Boolean(), nullable=False),
        sa.Column("applies_cleaner_production", sa.Boolean(), nullable=False),
        sa.Column("fired_clay_bricks", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["commune_code"], ["commune.code"], name=op.f("fk_facility_commune_code_commune")),
        sa.ForeignKeyConstraint(
            ["craft_village_id"], ["craft_village.id"], name=op.f("fk_facility_craft_village_id_craft_village")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facility")),
    )
    with op.batch_alter_table("facility", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_facility_commune_code"), ["commune_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_facility_province_code"), ["province_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_facility_tax_code"), ["tax_code"], unique=False)

    op.create_table(
        "inspection",
        sa.Column("inspected_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("team", sa.Text(), nullable=False),
        sa.Column("checked", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("requests", sa.Text(), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], name=op.f("fk_inspection_proposal_id_proposal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection")),
    )
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspection_province_code"), ["province_code"], unique=False)

    op.create_table(
        "progress_report",
        sa.Column("period_year", sa.Integer(), nullable=False),
        sa.Column("period_month", sa.Integer(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("progress_percent", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("funds_used", sa.BigInteger(), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], name=op.f("fk_progress_report_proposal_id_proposal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_report")),
        sa.UniqueConstraint(
            "proposal_id",
            "period_year",
            "period_month",
            name=op.f("uq_progress_report_proposal_id_period_year_period_month"),
        ),
    )
    with op.batch_alter_table("progress_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_progress_report_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_progress_report_province_code"), ["province_code"], unique=False)

    op.create_table(
        "proposal_location",
        sa.Column("commune_code", sa.String(length=5), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_code"], ["commune.code"], name=op.f("fk_proposal_location_commune_code_commune")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name=op.f("fk_proposal_location_proposal_id_proposal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_location")),
    )
    with op.batch_alter_table("proposal_location", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_location_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_location_province_code"), ["province_code"], unique=False)

    op.create_table(
        "settlement",
        sa.Column("settled_on", sa.Date(), nullable=False),
        sa.Column("settled_amount", sa.BigInteger(), nullable=False),
        sa.Column("refund_amount", sa.BigInteger(), nullable=False),
        sa.Column("liquidated_on", sa.Date(), nullable=True),
        sa.Column("liquidation_no", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], name=op.f("fk_settlement_proposal_id_proposal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlement")),
    )
    with op.batch_alter_table("settlement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_settlement_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_settlement_province_code"), ["province_code"], unique=False)

    op.create_table(
        "status_transition",
        sa.Column(
            "from_status",
            sa.Enum(
                "du_thao",
                "da_tham_dinh",
                "da_phe_duyet",
                "da_ky_hop_dong",
                "dang_thuc_hien",
                "da_nghiem_thu",
                "da_quyet_toan",
                "da_thanh_ly",
                "khong_phe_duyet",
                "da_dung",
                name="from_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "du_thao",
                "da_tham_dinh",
                "da_phe_duyet",
                "da_ky_hop_dong",
                "dang_thuc_hien",
                "da_nghiem_thu",
                "da_quyet_toan",
                "da_thanh_ly",
                "khong_phe_duyet",
                "da_dung",
                name="to_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decision_no", sa.String(length=64), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name=op.f("fk_status_transition_proposal_id_proposal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_transition")),
    )
    with op.batch_alter_table("status_transition", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_transition_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_status_transition_province_code"), ["province_code"], unique=False)

    op.create_table(
        "training_course",
        sa.Column("proposal_id", sa.Uuid(), nullable=True),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "dao_tao_nghe",
                "truyen_nghe",
                "nang_cao_tay_nghe",
                "tap_huan",
                "khoi_su_doanh_nghiep",
                name="coursekind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("topic", sa.String(length=300), nullable=False),
        sa.Column("venue", sa.String(length=300), nullable=False),
        sa.Column("commune_code", sa.String(length=5), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("planned_trainees", sa.Integer(), nullable=False),
        sa.Column("meal_allowance_per_day", sa.BigInteger(), nullable=False),
        sa.Column("travel_allowance", sa.BigInteger(), nullable=False),
        sa.Column("certificate_decision_no", sa.String(length=64), nullable=False),
        sa.Column("certificate_decision_date", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_code"], ["commune.code"], name=op.f("fk_training_course_commune_code_commune")
        ),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], name=op.f("fk_training_course_proposal_id_proposal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_course")),
    )
    with op.batch_alter_table("training_course", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_course_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_training_course_province_code"), ["province_code"], unique=False)

    op.create_table(
        "acceptance",
        sa.Column(
            "form",
            sa.Enum("5a", "5b", "5c", name="acceptanceform", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("location_id", sa.Uuid(), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=False),
        sa.Column("parties", sa.Text(), nullable=False),
        sa.Column("achieved", sa.Text(), nullable=False),
        sa.Column("value_accepted", sa.BigInteger(), nullable=False),
        sa.Column(
            "conclusion",
            sa.Enum("dat", "khong_dat", name="acceptanceconclusion", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("trainees_certified", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"], ["proposal_location.id"], name=op.f("fk_acceptance_location_id_proposal_location")
        ),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], name=op.f("fk_acceptance_proposal_id_proposal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acceptance")),
    )
    with op.batch_alter_table("acceptance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_acceptance_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_acceptance_province_code"), ["province_code"], unique=False)

    op.create_table(
        "appraisal_assessment",
        sa.Column("appraisal_id", sa.Uuid(), nullable=False),
        sa.Column(
            "criterion",
            sa.Enum(
                "phu_hop",
                "muc_tieu",
                "kinh_phi",
                "nang_luc",
                "long_ghep",
                "ho_so",
                name="appraisalcriterion",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("satisfied", sa.Boolean(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["appraisal_id"], ["appraisal.id"], name=op.f("fk_appraisal_assessment_appraisal_id_appraisal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_assessment")),
        sa.UniqueConstraint("appraisal_id", "criterion", name=op.f("uq_appraisal_assessment_appraisal_id_criterion")),
    )
    with op.batch_alter_table("appraisal_assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appraisal_assessment_appraisal_id"), ["appraisal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appraisal_assessment_province_code"), ["province_code"], unique=False)

    op.create_table(
        "budget_line",
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("support_amount", sa.BigInteger(), nullable=False),
        sa.Column("counterpart_amount", sa.BigInteger(), nullable=False),
        sa.Column("other_amount", sa.BigInteger(), nullable=False),
        sa.Column("beneficiary_facility_id", sa.Uuid(), nullable=True),
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["beneficiary_facility_id"], ["facility.id"], name=op.f("fk_budget_line_beneficiary_facility_id_facility")
        ),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], name=op.f("fk_budget_line_proposal_id_proposal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_line")),
    )
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_line_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_budget_line_province_code"), ["province_code"], unique=False)

    op.create_table(
        "contract",
        sa.Column(
            "kind",
            sa.Enum("thuc_hien", "ho_tro", name="contractkind", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("party", sa.String(length=300), nullable=False),
        sa.Column("facility_id", sa.Uuid(), nullable=True),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["facility_id"], ["facility.id"], name=op.f("fk_contract_facility_id_facility")),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], name=op.f("fk_contract_proposal_id_proposal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract")),
    )
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contract_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contract_province_code"), ["province_code"], unique=False)

    op.create_table(
        "course_module",
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("theory_hours", sa.Integer(), nullable=False),
        sa.Column("practice_hours", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["training_course.id"], name=op.f("fk_course_module_course_id_training_course")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_module")),
    )
    with op.batch_alter_table("course_module", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_module_course_id"), ["course_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_course_module_province_code"), ["province_code"], unique=False)

    op.create_table(
        "course_trainer",
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["training_course.id"], name=op.f("fk_course_trainer_course_id_training_course")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_trainer")),
    )
    with op.batch_alter_table("course_trainer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_trainer_course_id"), ["course_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_course_trainer_province_code"), ["province_code"], unique=False)

    op.create_table(
        "enrolment",
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("trainee_id", sa.Uuid(), nullable=False),
        sa.Column("meal_days", sa.Integer(), nullable=False),
        sa.Column("travel_eligible", sa.Boolean(), nullable=False),
        sa.Column("certificate_no", sa.String(length=32), nullable=False),
        sa.Column("certified", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["training_course.id"], name=op.f("fk_enrolment_course_id_training_course")
        ),
        sa.ForeignKeyConstraint(["trainee_id"], ["trainee.id"], name=op.f("fk_enrolment_trainee_id_trainee")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolment")),
        sa.UniqueConstraint("course_id", "trainee_id", name=op.f("uq_enrolment_course_id_trainee_id")),
    )
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrolment_course_id"), ["course_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_enrolment_province_code"), ["province_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_enrolment_trainee_id"), ["trainee_id"], unique=False)

    op.create_table(
        "facility_year",
        sa.Column("facility_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("insured_employees", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("total_employees", sa.Integer(), nullable=False),
        sa.Column("revenue", sa.BigInteger(), nullable=True),
        sa.Column("capital", sa.BigInteger(), nullable=True),
        sa.Column("exporting", sa.Boolean(), nullable=False),
        sa.Column("local_material_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column(
            "declared_size",
            sa.Enum("sieu_nho", "nho", "vua", name="smesize", native_enum=False, create_constraint=True),
            nullable=True,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["facility_id"], ["facility.id"], name=op.f("fk_facility_year_facility_id_facility")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facility_year")),
        sa.UniqueConstraint("facility_id", "year", name=op.f("uq_facility_year_facility_id_year")),
    )
    with op.batch_alter_table("facility_year", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_facility_year_facility_id"), ["facility_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_facility_year_province_code"), ["province_code"], unique=False)

    op.create_table(
        "product",
        sa.Column("facility_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column(
            "product_group",
            sa.Enum(
                "thu_cong_my_nghe",
                "che_bien",
                "co_khi",
                "khac",
                name="productgroup",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["facility_id"], ["facility.id"], name=op.f("fk_product_facility_id_facility")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product")),
    )
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_product_facility_id"), ["facility_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_product_province_code"), ["province_code"], unique=False)

    op.create_table(
        "proposal_beneficiary",
        sa.Column("facility_id", sa.Uuid(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["facility_id"], ["facility.id"], name=op.f("fk_proposal_beneficiary_facility_id_facility")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name=op.f("fk_proposal_beneficiary_proposal_id_proposal")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_beneficiary")),
        sa.UniqueConstraint("proposal_id", "facility_id", name=op.f("uq_proposal_beneficiary_proposal_id_facility_id")),
    )
    with op.batch_alter_table("proposal_beneficiary", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposal_beneficiary_facility_id"), ["facility_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_beneficiary_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposal_beneficiary_province_code"), ["province_code"], unique=False)

    op.create_table(
        "support_record",
        sa.Column("facility_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=120), nullable=False),
        sa.Column("activity_type_code", sa.String(length=32), nullable=True),
        sa.Column("cost_item", sa.String(length=300), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("proposal_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_type_code"],
            ["activity_type.code"],
            name=op.f("fk_support_record_activity_type_code_activity_type"),
        ),
        sa.ForeignKeyConstraint(["facility_id"], ["facility.id"], name=op.f("fk_support_record_facility_id_facility")),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], name=op.f("fk_support_record_proposal_id_proposal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_record")),
    )
    with op.batch_alter_table("support_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_support_record_facility_id"), ["facility_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_support_record_province_code"), ["province_code"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("enrolment_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["enrolment_id"], ["enrolment.id"], name=op.f("fk_attendance_enrolment_id_enrolment")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("enrolment_id", "day", name=op.f("uq_attendance_enrolment_id_day")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_enrolment_id"), ["enrolment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_province_code"), ["province_code"], unique=False)

    op.create_table(
        "employment",
        sa.Column("enrolment_id", sa.Uuid(), nullable=False),
        sa.Column("employer_facility_id", sa.Uuid(), nullable=True),
        sa.Column("employer_name", sa.String(length=300), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_facility_id"], ["facility.id"], name=op.f("fk_employment_employer_facility_id_facility")
        ),
        sa.ForeignKeyConstraint(["enrolment_id"], ["enrolment.id"], name=op.f("fk_employment_enrolment_id_enrolment")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employment")),
    )
    with op.batch_alter_table("employment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employment_enrolment_id"), ["enrolment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_employment_province_code"), ["province_code"], unique=False)

    op.create_table(
        "product_certificate",
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column(
            "level",
            sa.Enum("xa", "tinh", "khu_vuc", "quoc_gia", name="votinglevel", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("decision_no", sa.String(length=64), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["product.id"], name=op.f("fk_product_certificate_product_id_product")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_certificate")),
    )
    with op.batch_alter_table("product_certificate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_product_certificate_product_id"), ["product_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_product_certificate_province_code"), ["province_code"], unique=False)

    op.create_table(
        "voting_entry",
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column(
            "product_group",
            sa.Enum(
                "thu_cong_my_nghe",
                "che_bien",
                "co_khi",
                "khac",
                name="productgroup",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("voting_code", sa.String(length=32), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["product.id"], name=op.f("fk_voting_entry_product_id_product")),
        sa.ForeignKeyConstraint(["round_id"], ["voting_round.id"], name=op.f("fk_voting_entry_round_id_voting_round")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voting_entry")),
        sa.UniqueConstraint("round_id", "product_id", name=op.f("uq_voting_entry_round_id_product_id")),
    )
    with op.batch_alter_table("voting_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_voting_entry_product_id"), ["product_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_voting_entry_province_code"), ["province_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_voting_entry_round_id"), ["round_id"], unique=False)

    op.create_table(
        "score",
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("juror_id", sa.Uuid(), nullable=False),
        sa.Column("market", sa.Integer(), nullable=False),
        sa.Column("technical", sa.Integer(), nullable=False),
        sa.Column("cultural", sa.Integer(), nullable=False),
        sa.Column("other", sa.Integer(), nullable=False),
        sa.Column("remarks", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.CheckConstraint("cultural BETWEEN 0 AND 10", name=op.f("ck_score_cultural_range")),
        sa.CheckConstraint("market BETWEEN 0 AND 40", name=op.f("ck_score_market_range")),
        sa.CheckConstraint("other BETWEEN 0 AND 10", name=op.f("ck_score_other_range")),
        sa.CheckConstraint("technical BETWEEN 0 AND 40", name=op.f("ck_score_technical_range")),
        sa.ForeignKeyConstraint(["entry_id"], ["voting_entry.id"], name=op.f("fk_score_entry_id_voting_entry")),
        sa.ForeignKeyConstraint(["juror_id"], ["juror.id"], name=op.f("fk_score_juror_id_juror")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score")),
        sa.UniqueConstraint("entry_id", "juror_id", name=op.f("uq_score_entry_id_juror_id")),
    )
    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_score_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_score_juror_id"), ["juror_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_score_province_code"), ["province_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_province_code"))
        batch_op.drop_index(batch_op.f("ix_score_juror_id"))
        batch_op.drop_index(batch_op.f("ix_score_entry_id"))

    op.drop_table("score")
    with op.batch_alter_table("voting_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voting_entry_round_id"))
        batch_op.drop_index(batch_op.f("ix_voting_entry_province_code"))
        batch_op.drop_index(batch_op.f("ix_voting_entry_product_id"))

    op.drop_table("voting_entry")
    with op.batch_alter_table("product_certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_certificate_province_code"))
        batch_op.drop_index(batch_op.f("ix_product_certificate_product_id"))

    op.drop_table("product_certificate")
    with op.batch_alter_table("employment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employment_province_code"))
        batch_op.drop_index(batch_op.f("ix_employment_enrolment_id"))

    op.drop_table("employment")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_province_code"))
        batch_op.drop_index(batch_op.f("ix_attendance_enrolment_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("support_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_record_province_code"))
        batch_op.drop_index(batch_op.f("ix_support_record_facility_id"))

    op.drop_table("support_record")
    with op.batch_alter_table("proposal_beneficiary", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_beneficiary_province_code"))
        batch_op.drop_index(batch_op.f("ix_proposal_beneficiary_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_proposal_beneficiary_facility_id"))

    op.drop_table("proposal_beneficiary")
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_province_code"))
        batch_op.drop_index(batch_op.f("ix_product_facility_id"))

    op.drop_table("product")
    with op.batch_alter_table("facility_year", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_facility_year_province_code"))
        batch_op.drop_index(batch_op.f("ix_facility_year_facility_id"))

    op.drop_table("facility_year")
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolment_trainee_id"))
        batch_op.drop_index(batch_op.f("ix_enrolment_province_code"))
        batch_op.drop_index(batch_op.f("ix_enrolment_course_id"))

    op.drop_table("enrolment")
    with op.batch_alter_table("course_trainer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_trainer_province_code"))
        batch_op.drop_index(batch_op.f("ix_course_trainer_course_id"))

    op.drop_table("course_trainer")
    with op.batch_alter_table("course_module", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_module_province_code"))
        batch_op.drop_index(batch_op.f("ix_course_module_course_id"))

    op.drop_table("course_module")
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_province_code"))
        batch_op.drop_index(batch_op.f("ix_contract_proposal_id"))

    op.drop_table("contract")
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_line_province_code"))
        batch_op.drop_index(batch_op.f("ix_budget_line_proposal_id"))

    op.drop_table("budget_line")
    with op.batch_alter_table("appraisal_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisal_assessment_province_code"))
        batch_op.drop_index(batch_op.f("ix_appraisal_assessment_appraisal_id"))

    op.drop_table("appraisal_assessment")
    with op.batch_alter_table("acceptance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_acceptance_province_code"))
        batch_op.drop_index(batch_op.f("ix_acceptance_proposal_id"))

    op.drop_table("acceptance")
    with op.batch_alter_table("training_course", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_course_province_code"))
        batch_op.drop_index(batch_op.f("ix_training_course_proposal_id"))

    op.drop_table("training_course")
    with op.batch_alter_table("status_transition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_transition_province_code"))
        batch_op.drop_index(batch_op.f("ix_status_transition_proposal_id"))

    op.drop_table("status_transition")
    with op.batch_alter_table("settlement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_settlement_province_code"))
        batch_op.drop_index(batch_op.f("ix_settlement_proposal_id"))

    op.drop_table("settlement")
    with op.batch_alter_table("proposal_location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_location_province_code"))
        batch_op.drop_index(batch_op.f("ix_proposal_location_proposal_id"))

    op.drop_table("proposal_location")
    with op.batch_alter_table("progress_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_report_province_code"))
        batch_op.drop_index(batch_op.f("ix_progress_report_proposal_id"))

    op.drop_table("progress_report")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_province_code"))
        batch_op.drop_index(batch_op.f("ix_inspection_proposal_id"))

    op.drop_table("inspection")
    with op.batch_alter_table("facility", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_facility_tax_code"))
        batch_op.drop_index(batch_op.f("ix_facility_province_code"))
        batch_op.drop_index(batch_op.f("ix_facility_commune_code"))

    op.drop_table("facility")
    with op.batch_alter_table("appraisal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisal_province_code"))
        batch_op.drop_index(batch_op.f("ix_appraisal_proposal_id"))

    op.drop_table("appraisal")
    with op.batch_alter_table("advance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advance_province_code"))
        batch_op.drop_index(batch_op.f("ix_advance_proposal_id"))

    op.drop_table("advance")
    with op.batch_alter_table("trainee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trainee_province_code"))
        batch_op.drop_index(batch_op.f("ix_trainee_commune_code"))
        batch_op.drop_index(batch_op.f("ix_trainee_cccd"))

    op.drop_table("trainee")
    with op.batch_alter_table("support_cap", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_cap_province_code"))
        batch_op.drop_index(batch_op.f("ix_support_cap_activity_type_code"))

    op.drop_table("support_cap")
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_province_code"))
        batch_op.drop_index(batch_op.f("ix_proposal_plan_year"))
        batch_op.drop_index(batch_op.f("ix_proposal_activity_type_code"))

    op.drop_table("proposal")
    with op.batch_alter_table("craft_village", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_craft_village_province_code"))

    op.drop_table("craft_village")
    with op.batch_alter_table("juror", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_juror_round_id"))
        batch_op.drop_index(batch_op.f("ix_juror_province_code"))

    op.drop_table("juror")
    with op.batch_alter_table("commune", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commune_province_code"))

    op.drop_table("commune")
    op.drop_table("activity_type")
    with op.batch_alter_table("voting_round", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voting_round_year"))
        batch_op.drop_index(batch_op.f("ix_voting_round_province_code"))

    op.drop_table("voting_round")
    op.drop_table("province")
    with op.batch_alter_table("programme_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_target_province_code"))

    op.drop_table("programme_target")
    op.drop_table("content_group")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_row_id"))

    op.drop_table("audit_entry")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachment_province_code"))
        batch_op.drop_index(batch_op.f("ix_attachment_owner_id"))

    op.drop_table("attachment")
