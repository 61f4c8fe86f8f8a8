"""``baocao rules new``: a directive file to fill in, with the schema editors understand."""

from __future__ import annotations

from engine.rulebook.schemas import schema_dir

__all__ = ["new_directive"]

_TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A new directive: fill every ___ (rules/README.md describes each field), then run
#   baocao rules lint    and    baocao rules test
directive:
  id: ___                          # slug, unique across files, e.g. kh-88-ubnd-binh-dinh-2024
  number: ___                      # as written, e.g. 88/KH-UBND; null when the text has none
  kind: ke_hoach                   # chi_thi | ke_hoach | cong_van | quyet_dinh | thong_bao
  title: ___
  issuer: ___                      # a unit id from units.yaml
  issued_on: ___                   # YYYY-MM-DD
  in_force: {{from: ___}}            # add `to: YYYY-MM-DD` for a text of one year
  source: ___                      # where the text is, e.g. seeds/005_....txt
obligations:
  # One entry per sentence that makes someone report, quoted exactly. Example:
  # - id: bao-cao-quy
  #   summary: Báo cáo kết quả thực hiện hằng quý
  #   kind: periodic                 # periodic | task | quantity | ad_hoc | review
  #   reporters: [so-ban-nganh-tay-ninh]
  #   recipient: ubnd-tinh-tay-ninh
  #   frequency: quarterly
  #   deadline: {{basis: stated, day: 20, month: last, reading: trước,
  #              words: "trước ngày 20 của tháng cuối quý"}}
  #   citation:
  #     section: "III.1"
  #     text: "... định kỳ hằng quý báo cáo ... trước ngày 20 của tháng cuối quý"
  []
"""


def new_directive() -> str:
    """The scaffold, pointing at the bundled directive schema."""
    return _TEMPLATE.format(schema=(schema_dir() / "directive.schema.json").resolve().as_uri())
