"""Every element of the Akoma Ntoso 3.0 schema, by the kind of node the reader makes of it: the one table the reader
dispatches on. Derived from the schema's own groups and content types (tests/test_kinds.py checks that it names
each of the schema's 315 elements exactly once); the writers then know kinds, not element names.

Kinds:
  document  a document type (doc, act, bill, debate, judgment …): meta, front matter, body, back matter, annexes
  hier      a unit with num, heading and subheading, each optional, then blocks (hierarchy, speech sections …)
  group     a container of blocks with no number or heading of its own
  para      a block of running text (mixed content)
  list      a list of entries (blockList, ul, ol, toc); its entries are the parts item, li, tocItem
  table     a table; its parts are caption, tr, th, td
  blockrun  blocks inside running text (quotedStructure, embeddedStructure, subFlow)
  note      a footnote at its call (authorialNote); noteref, a call of a note of meta/notes
  styled    b, i, u, sup, sub
  link      a reference (ref, a, rref, and references to other documents)
  phrase    any other inline element, with its name kept
  break     a line or page break of the original (br, eol, eop)
  image     img
  foreign   content in another XML vocabulary: its text is kept
  part      read by its parent's kind (num, heading, item, tr …)
  meta      metadata: read for the title, language, dates and authors, never printed
"""

from __future__ import annotations

DOCUMENTS = frozenset({
    "amendmentList", "officialGazette", "documentCollection", "act", "bill", "debateReport", "debate", "statement",
    "amendment", "judgment", "portion", "doc",
})

#: The hierarchy of the schema (hierElements), its speech sections (althierarchy), and every other element shaped as
#: num?, heading?, subheading?, then blocks.
HIER = frozenset({
    "hcontainer", "clause", "section", "part", "paragraph", "chapter", "title", "article", "book", "tome",
    "division", "list", "point", "indent", "alinea", "rule", "subrule", "proviso", "subsection", "subpart",
    "subparagraph", "subchapter", "subtitle", "subdivision", "subclause", "sublist", "level", "transitional",
    "administrationOfOath", "rollCall", "prayers", "oralStatements", "writtenStatements", "personalStatements",
    "ministerialStatements", "resolutions", "nationalInterest", "declarationOfVote", "communication", "petitions",
    "papers", "noticesOfMotion", "questions", "address", "proceduralMotions", "pointOfOrder", "adjournment",
    "debateSection", "speechGroup", "speech", "question", "answer",
    "blockContainer", "tblock", "recitals", "recital", "citations", "citation",
    "attachment", "component",
})

GROUP = frozenset({
    "container", "div", "other", "content", "intro", "wrapUp", "interstitial", "longTitle", "formula",
    "coverPage", "preface", "preamble", "conclusions", "header",
    "mainBody", "body", "debateBody", "judgmentBody", "amendmentBody", "collectionBody", "portionBody",
    "introduction", "background", "arguments", "remedies", "motivation", "decision",
    "amendmentHeading", "amendmentContent", "amendmentReference", "amendmentJustification",
    "attachments", "components",
})

PARA = frozenset({"p", "block", "scene", "narrative", "summary", "crossHeading", "from", "documentRef", "componentRef"})

LIST = frozenset({"blockList", "ul", "ol", "toc"})

TABLE = frozenset({"table"})

BLOCKRUN = frozenset({"quotedStructure", "embeddedStructure", "subFlow"})

NOTE = frozenset({"authorialNote"})
NOTEREF = frozenset({"noteRef"})

STYLED = frozenset({"b", "i", "u", "sup", "sub"})

LINK = frozenset({"ref", "a", "rref", "affectedDocument", "relatedDocument"})

PHRASE = frozenset({
    "inline", "span", "abbr", "marker",
    "mref", "mod", "mmod", "rmod", "quotedText", "remark", "recordedTime", "vote", "outcome", "ins", "del", "omissis",
    "embeddedText", "opinion", "placeholder", "fillIn", "decoration", "change",
    "date", "time", "person", "organization", "concept", "object", "event", "location", "process", "role", "term",
    "quantity", "def", "entity",
    "docType", "docTitle", "docNumber", "docProponent", "docDate", "legislature", "session", "shortTitle",
    "docAuthority", "docPurpose", "docCommittee", "docIntroducer", "docStage", "docStatus", "docJurisdiction",
    "docketNumber",
    "courtType", "neutralCitation", "party", "judge", "lawyer", "signature", "argument",
})

BREAK = frozenset({"br", "eol", "eop"})
IMAGE = frozenset({"img"})
FOREIGN = frozenset({"foreign"})

#: Read by the kind of their parent.
PARTS = frozenset({
    "akomaNtoso", "num", "heading", "subheading", "listIntroduction", "listWrapUp", "item", "li", "tocItem",
    "caption", "tr", "th", "td",
})

#: Metadata: never printed. A note of meta/notes is printed where a noteRef calls it.
META = frozenset({
    "meta", "identification", "FRBRWork", "FRBRExpression", "FRBRManifestation", "FRBRItem", "FRBRthis", "FRBRuri",
    "FRBRalias", "FRBRdate", "FRBRauthor", "FRBRcountry", "FRBRsubtype", "FRBRnumber", "FRBRname", "FRBRlanguage",
    "FRBRtranslation", "FRBRversionNumber", "FRBRportion", "FRBRformat", "FRBRauthoritative", "FRBRprescriptive",
    "FRBRmasterExpression", "componentInfo", "componentData", "preservation",
    "publication", "classification", "keyword", "lifecycle", "eventRef", "workflow", "step",
    "analysis", "activeModifications", "passiveModifications", "restrictions", "restriction", "judicial", "result",
    "parliamentary", "quorumVerification", "voting", "recount", "quorum", "count", "mappings", "mapping",
    "otherAnalysis", "textualMod", "meaningMod", "scopeMod", "forceMod", "efficacyMod", "legalSystemMod",
    "source", "destination", "force", "efficacy", "application", "duration", "condition", "domain", "previous",
    "old", "new", "supports", "isAnalogTo", "applies", "extends", "restricts", "derogates", "contrasts",
    "overrules", "dissentsFrom", "putsInQuestion", "distinguishes",
    "temporalData", "temporalGroup", "timeInterval",
    "references", "original", "passiveRef", "activeRef", "jurisprudence", "hasAttachment", "attachmentOf",
    "TLCPerson", "TLCOrganization", "TLCConcept", "TLCObject", "TLCEvent", "TLCLocation", "TLCProcess", "TLCRole",
    "TLCTerm", "TLCReference", "alternativeReference", "implicitReference", "otherReferences",
    "notes", "note", "proprietary", "presentation",
})

_KINDS = {
    "document": DOCUMENTS, "hier": HIER, "group": GROUP, "para": PARA, "list": LIST, "table": TABLE,
    "blockrun": BLOCKRUN, "note": NOTE, "noteref": NOTEREF, "styled": STYLED, "link": LINK, "phrase": PHRASE,
    "break": BREAK, "image": IMAGE, "foreign": FOREIGN, "part": PARTS, "meta": META,
}

#: Element name -> kind.
ELEMENTS: dict[str, str] = {name: kind for kind, names in _KINDS.items() for name in names}

#: Kinds that stand in running text.
INLINE = frozenset({"note", "noteref", "styled", "link", "phrase", "break", "image", "blockrun"})


def kind(name: str) -> str | None:
    """The kind of an AKN element, or None for a name the schema does not have."""
    return ELEMENTS.get(name)
