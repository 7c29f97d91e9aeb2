# Publication dates of sources: known, or inferred from the source's own text.
#
# (Being written: the inference of undated sources. Until it lands, undated sources get no
# date and an empty trace.)

from __future__ import annotations

from collections.abc import Mapping

import attrs

from claimkit._dates import PartialDate
from claimkit._model import Corpus, Span
from claimkit._temporal import TraceStep

__all__ = ["SourceDate", "infer_source_dates"]


@attrs.frozen(kw_only=True)
class SourceDate:
    """A source's publication date as claimkit uses it.

    Attributes:
        source: The source id.
        value: The date, or bounds on it; `None` when nothing can be said.
        inferred: Whether the value was inferred from the text rather than given.
        trace: How it was inferred, step by step.
    """

    source: str
    value: PartialDate | None
    inferred: bool = False
    trace: tuple[TraceStep, ...] = ()


def infer_source_dates(
    corpus: Corpus, spans: Mapping[str, tuple[Span, ...]]
) -> dict[str, SourceDate]:
    """The publication date of every source of `corpus`, inferring unknown ones."""
    return {
        source.id: SourceDate(source=source.id, value=source.published)
        for source in corpus.sources
    }
