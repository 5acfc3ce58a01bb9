"""Small valid Akoma Ntoso documents for tests, built around a body fragment, and facts read from sources."""

from pathlib import Path

from lxml import etree

IDENTIFICATION = """      <identification source="#unit">
        <FRBRWork>
          <FRBRthis value="/akn/un/doc/test/2026-01-01/t/!{part}"/>
          <FRBRuri value="/akn/un/doc/test/2026-01-01/t"/>
          <FRBRdate date="2026-01-01" name="publication"/>
          <FRBRauthor href="#unit"/>
          <FRBRcountry value="un"/>
        </FRBRWork>
        <FRBRExpression>
          <FRBRthis value="/akn/un/doc/test/2026-01-01/t/eng@/!{part}"/>
          <FRBRuri value="/akn/un/doc/test/2026-01-01/t/eng@"/>
          <FRBRdate date="2026-01-01" name="publication"/>
          <FRBRauthor href="#unit"/>
          <FRBRlanguage language="eng"/>
        </FRBRExpression>
        <FRBRManifestation>
          <FRBRthis value="/akn/un/doc/test/2026-01-01/t/eng@/!{part}.xml"/>
          <FRBRuri value="/akn/un/doc/test/2026-01-01/t/eng@.akn"/>
          <FRBRdate date="2026-01-01" name="publication"/>
          <FRBRauthor href="#unit"/>
        </FRBRManifestation>
      </identification>"""

MINIMAL = """<?xml version="1.0" encoding="UTF-8"?>{prolog}
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <doc name="test">
    <meta>
{identification}
      <references source="#unit">
        <TLCOrganization eId="unit" href="/akn/ontology/organizations/test/unit" showAs="Test Unit"/>
      </references>
    </meta>
    <preface>
      <p><docTitle>A test document</docTitle></p>
    </preface>
    <mainBody>
      <p eId="p_1">First paragraph.</p>
{body}
    </mainBody>{attachments}
  </doc>
</akomaNtoso>
"""

ANNEX = """      <attachment eId="{eid}">
        <doc name="annex">
          <meta>
{identification}
          </meta>
          <preface>
            <p><docNumber>{number}</docNumber></p>
            <p><docTitle>{title}</docTitle></p>
          </preface>
          <mainBody>
{body}
          </mainBody>
        </doc>
      </attachment>
"""


def document(body: str = "", prolog: str = "", annexes: str = "") -> str:
    """A small, valid AKN document around a body fragment, with optional annexes (see `annex`)."""
    attachments = f"\n    <attachments>\n{annexes}    </attachments>" if annexes else ""
    return MINIMAL.format(body=body, prolog=prolog, attachments=attachments,
                          identification=IDENTIFICATION.format(part="main"))


def annex(eid: str, number: str, title: str, body: str) -> str:
    """An attachment holding an annex doc with its own meta and preface."""
    return ANNEX.format(eid=eid, number=number, title=title, body=body,
                        identification=IDENTIFICATION.format(part=eid))


def header_rows_in_source(path: Path) -> list[int]:
    """For each table of a source, how many rows lead it with header cells only (read from the XML itself)."""
    akn = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
    counts = []
    for table in etree.parse(str(path)).iter(f"{akn}table"):
        count = 0
        for row in table.iterfind(f"{akn}tr"):
            if not all(cell.tag == f"{akn}th" for cell in row):
                break
            count += 1
        counts.append(count)
    return counts
