"""Dates as drafts write them ("15 January 2026", "January 15, 2026", "15 janvier 2026", "15 de enero de 2026",
"15 января 2026 года", "2026年1月15日", "15 كانون الثاني/يناير 2026", "2026-01-15") to ISO 8601, or None when the text is not exactly a date."""

from __future__ import annotations

import datetime
import re

_MONTHS = {
    **{m: i for i, m in enumerate("january february march april may june july august september october "
                                  "november december".split(), 1)},
    **{m: i for i, m in enumerate("janvier février mars avril mai juin juillet août septembre octobre "
                                  "novembre décembre".split(), 1)},
    **{m: i for i, m in enumerate("enero febrero marzo abril mayo junio julio agosto septiembre octubre "
                                  "noviembre diciembre".split(), 1)},
    **{m: i for i, m in enumerate("января февраля марта апреля мая июня июля августа сентября октября "
                                  "ноября декабря".split(), 1)},
    "setiembre": 9, "fevrier": 2, "aout": 8, "decembre": 12,
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:er|st|nd|rd|th)?\s+(?:de\s+)?(\w+)\s+(?:de\s+)?(\d{4})(?:\s*(?:года|г\.))?$")
_MONTH_DAY_YEAR = re.compile(r"^(\w+)\s+(\d{1,2}),?\s+(\d{4})$")
#: Arabic months as UN documents name them, the Levantine name and the other joined by a slash ("كانون الثاني/يناير");
#: either name alone is read too.
_ARABIC_MONTHS = {
    name: number for number, names in enumerate((
        "كانون الثاني يناير", "شباط فبراير", "آذار مارس", "نيسان أبريل إبريل", "أيار مايو", "حزيران يونيه يونيو",
        "تموز يوليه يوليو", "آب أغسطس", "أيلول سبتمبر", "تشرين_الأول أكتوبر", "تشرين_الثاني نوفمبر",
        "كانون_الأول ديسمبر"), 1)
    for name in names.replace("كانون الثاني", "كانون_الثاني").split()
}
_ARABIC = re.compile(r"^(\d{1,2})\s+(\D+?)\s+(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_CJK = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse(text: str) -> str | None:
    """The ISO date a paragraph's whole text names, or None."""
    text = " ".join(text.replace("\u00a0", " ").split()).rstrip(".")
    if found := _ISO.match(text):
        return _iso(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    if found := _CJK.match(text):
        return _iso(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    if (found := _ARABIC.match(text)) and any("\u0600" <= c <= "\u06ff" for c in found.group(2)):
        names = {_ARABIC_MONTHS.get(part.strip().replace(" ", "_")) for part in found.group(2).split("/")}
        return _iso(int(found.group(3)), names.pop(), int(found.group(1))) if len(names) == 1 and None not in names \
            else None
    if found := _DAY_MONTH_YEAR.match(text):
        month = _MONTHS.get(found.group(2).lower())
        return _iso(int(found.group(3)), month, int(found.group(1))) if month else None
    if found := _MONTH_DAY_YEAR.match(text):
        month = _MONTHS.get(found.group(1).lower())
        return _iso(int(found.group(3)), month, int(found.group(2))) if month else None
    return None
