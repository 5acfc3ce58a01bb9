"""What an import has to say: warnings and refusals, each with its place in the draft and a few words of context."""

from __future__ import annotations

from dataclasses import dataclass, field

CONTEXT_WORDS = 8


class Refused(Exception):
    """The file cannot be read as a Word draft at all (not a DOCX, damaged, a zip bomb): exit 1."""


@dataclass(frozen=True)
class Message:
    """One warning or refusal; `where` is a place a person can find in Word ("paragraph 12", "footnote 3")."""

    level: str  # "warning" or "error"
    text: str
    where: str | None = None
    context: str | None = None

    def render(self, name: str) -> str:
        place = f" {self.where}:" if self.where else ""
        words = f' ("{self.context}")' if self.context else ""
        return f"{name}:{place} {self.level}: {self.text}{words}"


def context(text: str, words: int = CONTEXT_WORDS) -> str:
    """The first few words of a paragraph, enough to find it."""
    parts = text.split()
    shown = " ".join(parts[:words])
    return shown + (" …" if len(parts) > words else "")


@dataclass
class Report:
    """Every message of one import, in the order found."""

    messages: list[Message] = field(default_factory=list)

    def warn(self, text: str, where: str | None = None, context_text: str | None = None) -> None:
        self.messages.append(Message("warning", text, where, context(context_text) if context_text else None))

    def refuse(self, text: str, where: str | None = None, context_text: str | None = None) -> None:
        self.messages.append(Message("error", text, where, context(context_text) if context_text else None))

    @property
    def refused(self) -> bool:
        return any(m.level == "error" for m in self.messages)

    def lines(self, name: str) -> list[str]:
        seen, out = set(), []
        for message in self.messages:
            line = message.render(name)
            if line not in seen:
                seen.add(line)
                out.append(line)
        return out
