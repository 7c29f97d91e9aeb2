"""Publication dates: known ones kept, unknown ones bounded soundly from the source's text."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import claimkit
from claimkit import (
    Actor,
    ActorKind,
    Claim,
    Corpus,
    Modality,
    PartialDate,
    Participant,
    Role,
    Source,
    Span,
)
from claimkit._infer import SourceDate, infer_source_dates, is_future_sentence
from claimkit._resolve import resolve

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

PINZON = Actor(
    id="juan-carlos-pinzon",
    kind=ActorKind.PERSON,
    name="Juan Carlos Pinzón",
    aliases=("Juan Carlos Pinzon", "Pinzon"),
    roles=(
        Role(
            office="defence-minister",
            of="colombia",
            aliases=("Defense Minister",),
            start=PartialDate.parse("2011-09"),
            end=PartialDate.parse("2015-06"),
        ),
    ),
)
PETRO = Actor(
    id="gustavo-petro",
    kind=ActorKind.PERSON,
    name="Gustavo Petro",
    aliases=("Petro", "Mr. Petro"),
    roles=(
        Role(
            office="president",
            of="colombia",
            aliases=("President",),
            start=PartialDate.parse("2022-08-07"),
        ),
    ),
)


def _spans(corpus: Corpus) -> dict[str, tuple[Span, ...]]:
    found: dict[str, tuple[Span, ...]] = {}
    for claim in corpus.claims:
        found[claim.id] = tuple(
            corpus.source(span.source).span(span.quote)
            for span in claim.evidence
            if span.source is not None
        )
    return found


def _infer(
    sources: Sequence[Source],
    *,
    actors: Sequence[Actor] = (),
    claims: Sequence[Claim] = (),
) -> dict[str, SourceDate]:
    corpus = Corpus(sources=tuple(sources), actors=tuple(actors), claims=tuple(claims))
    return infer_source_dates(corpus, _spans(corpus))


def _claim(ident: str, source: str, quote: str, **fields: object) -> Claim:
    return Claim(
        id=ident,
        action=str(fields.pop("action", "meeting")),
        evidence=(Span(quote=quote, source=source),),
        **fields,  # type: ignore[arg-type]
    )


def _rules(found: SourceDate) -> list[str]:
    return [step.rule for step in found.trace]


# --- the seed articles ------------------------------------------------------------------------


def test_seed_001_is_dated_by_the_ministers_tenure_and_this_thursday_may_11(
    seed_corpus: claimkit.Corpus,
) -> None:
    found = resolve(seed_corpus).source_dates["001_b782d8e54c3a1f5c"]
    assert found.inferred
    assert str(found.value) == "2023-05-11/2023-05-17"
    assert _rules(found) == ["tenure", "weekday-date", "bounds"]
    tenure, weekday, _ = found.trace
    assert tenure.text == "Minister Iván Velásquez"
    assert "published between 2022-08-07 and 2025-12-31" in tenure.detail
    assert weekday.text == "this Thursday, May 11"
    assert "2023" in weekday.detail
    assert "published between 2023-05-11 and 2023-05-17" in weekday.detail


def test_seed_003_is_dated_by_last_sunday_and_petros_inauguration(
    seed_corpus: claimkit.Corpus,
) -> None:
    found = resolve(seed_corpus).source_dates["003_9e5bfe75848da732"]
    assert found.inferred
    assert str(found.value) == "2022-08-08/2022-08-14"
    assert _rules(found) == ["past-report", "tenure", "tenure", "event-anchor", "bounds"]
    report, maduro, padrino, anchor, _ = found.trace
    assert report.text == "In March 2021"
    assert maduro.text == "President Nicolas Maduro"
    assert padrino.text == "Defense Minister General Vladimir Padrino Lopez"
    assert anchor.text == "'last Sunday'"
    assert "gustavo-petro took office as president on 2022-08-07" in anchor.detail
    assert "2022-08-08..2022-08-14" in anchor.detail


def test_seed_004_is_dated_by_pinzons_tenure(seed_corpus: claimkit.Corpus) -> None:
    found = resolve(seed_corpus).source_dates["004_166c45b11a889520"]
    assert found.inferred
    assert str(found.value) == "2011-09-01/2015-06-30"
    assert _rules(found) == ["past-report", "tenure", "bounds"]
    assert found.trace[0].text == "since 2008"
    assert found.trace[1].text == "Defense Minister Juan Carlos Pinzon"


def test_seed_dates_given_with_the_source_are_kept(seed_corpus: claimkit.Corpus) -> None:
    dates = resolve(seed_corpus).source_dates
    assert str(dates["000_9dff0c60a5b3ba3e"].value) == "2022-11-09"
    assert str(dates["002_6fddebaef15f143f"].value) == "2023-05-12"
    assert not dates["000_9dff0c60a5b3ba3e"].inferred
    assert not dates["002_6fddebaef15f143f"].inferred


# --- each kind of bound ---------------------------------------------------------------------


def test_a_known_publication_date_is_used_as_it_is() -> None:
    found = _infer(
        [Source(id="a", text="Talks began in 2019.", published=PartialDate.parse("2020"))]
    )
    assert found["a"].value == PartialDate.parse("2020")
    assert not found["a"].inferred


def test_a_past_report_bounds_publication_from_below() -> None:
    found = _infer(
        [Source(id="a", text="Relations were broken in 2019. In March 2021, it rained.")]
    )
    assert str(found["a"].value) == "2021-03-01/.."
    assert _rules(found["a"]) == ["past-report", "past-report", "bounds"]


def test_a_plan_does_not_bound_publication() -> None:
    found = _infer([Source(id="a", text="The presidents will meet in 2030.")])
    assert found["a"].value is None
    assert found["a"].inferred


def test_relative_expressions_alone_do_not_bound_publication() -> None:
    found = _infer([Source(id="a", text="The ministers met last Sunday and on Tuesday.")])
    assert found["a"].value is None


def test_an_office_holder_named_with_the_office_bounds_publication_by_the_tenure() -> None:
    found = _infer(
        [Source(id="a", text="Defense Minister Juan Carlos Pinzon said so.")], actors=[PINZON]
    )
    assert str(found["a"].value) == "2011-09-01/2015-06-30"


def test_an_office_after_the_name_counts_too() -> None:
    text = "Juan Carlos Pinzón, the defense minister, said so."
    found = _infer([Source(id="a", text=text)], actors=[PINZON])
    assert str(found["a"].value) == "2011-09-01/2015-06-30"


def test_a_former_office_holder_does_not_bound_publication() -> None:
    text = "Former Defense Minister Juan Carlos Pinzon said so."
    assert _infer([Source(id="a", text=text)], actors=[PINZON])["a"].value is None


def test_a_name_without_its_office_does_not_bound_publication() -> None:
    text = "Juan Carlos Pinzon said so."
    assert _infer([Source(id="a", text=text)], actors=[PINZON])["a"].value is None


def test_a_weekday_and_date_picks_the_year_that_fits_the_bounds() -> None:
    text = "Defense Minister Pinzon met them this Thursday, May 9."
    found = _infer([Source(id="a", text=text)], actors=[PINZON])["a"]
    # May 9 is a Thursday in 2013 (and 2019, 2024, ...): only 2013 fits 2011-09..2015-06.
    assert str(found.value) == "2013-05-09/2013-05-15"
    assert _rules(found) == ["tenure", "weekday-date", "bounds"]


def test_this_weekday_in_a_plan_puts_publication_in_the_days_before() -> None:
    text = "Defense Minister Pinzon will travel this Thursday, May 9."
    found = _infer([Source(id="a", text=text)], actors=[PINZON])["a"]
    assert str(found.value) == "2013-05-03/2013-05-09"


def test_without_bounds_weekday_candidates_come_from_the_policy_window_and_say_so() -> None:
    found = _infer([Source(id="a", text="They met this Thursday, May 11.")])["a"]
    assert found.value is not None
    assert found.trace[0].kind == "assumed"
    assert "1990..2035" in found.trace[0].detail


def test_a_relative_expression_is_anchored_by_another_dated_source() -> None:
    other = Source(id="b", text="They met on August 7.", published=PartialDate.parse("2022-11-09"))
    mine = Source(id="a", text="They met last Sunday in Caracas.")
    claims = [
        _claim("b1", "b", "They met on August 7", date=PartialDate.parse("2022-08-07"), event="e"),
        _claim("a1", "a", "They met last Sunday", event="e"),
    ]
    found = _infer([other, mine], claims=claims)["a"]
    assert str(found.value) == "2022-08-08/2022-08-14"
    assert "claim b1 (b) dates it 2022-08-07" in found.trace[0].detail


def test_a_planned_claim_is_not_anchored_by_the_event_it_plans() -> None:
    other = Source(id="b", text="They met on August 7.", published=PartialDate.parse("2022-11-09"))
    mine = Source(id="a", text="They will meet next Sunday in Caracas.")
    claims = [
        _claim("b1", "b", "They met on August 7", date=PartialDate.parse("2022-08-07"), event="e"),
        _claim("a1", "a", "They will meet next Sunday", event="e", modality=Modality.PLANNED),
    ]
    assert _infer([other, mine], claims=claims)["a"].value is None


def test_an_office_taking_event_is_anchored_by_the_tenure_start() -> None:
    mine = Source(id="a", text="The arrival in power of Mr. Petro last Sunday.")
    claim = _claim(
        "a1",
        "a",
        "arrival in power of Mr. Petro last Sunday",
        action="office.take",
        actors=(Participant("holder", "gustavo-petro", "president"),),
        event="inauguration",
    )
    found = _infer([mine], actors=[PETRO], claims=[claim])["a"]
    assert str(found.value) == "2022-08-08/2022-08-14"


def test_a_sources_own_annotated_claim_dates_never_date_it() -> None:
    mine = Source(id="a", text="They met last Sunday in Caracas.")
    claims = [
        _claim("a1", "a", "They met last Sunday", date=PartialDate.parse("2022-08-07"), event="e"),
        _claim("a2", "a", "in Caracas", date=PartialDate.parse("2022-08-07"), event="e"),
    ]
    assert _infer([mine], claims=claims)["a"].value is None


def test_claims_of_undated_sources_do_not_anchor_others() -> None:
    other = Source(id="b", text="They met on August 7.")
    mine = Source(id="a", text="They met last Sunday in Caracas.")
    claims = [
        _claim("b1", "b", "They met on August 7", date=PartialDate.parse("2022-08-07"), event="e"),
        _claim("a1", "a", "They met last Sunday", event="e"),
    ]
    assert _infer([other, mine], claims=claims)["a"].value is None


def test_dating_one_source_can_date_another_whatever_the_order() -> None:
    known = Source(id="c", text="They met on August 7.", published=PartialDate.parse("2022-11-09"))
    first = Source(id="b", text="They met last Sunday. Talks followed on August 9.")
    second = Source(id="a", text="Talks were held two days ago.")
    claims = [
        _claim("c1", "c", "They met on August 7", date=PartialDate.parse("2022-08-07"), event="e"),
        _claim("b1", "b", "They met last Sunday", event="e"),
        _claim(
            "b2", "b", "Talks followed on August 9", date=PartialDate.parse("2022-08-09"), event="f"
        ),
        _claim("a1", "a", "Talks were held two days ago", event="f"),
    ]
    forward = _infer([known, first, second], claims=claims)
    backward = _infer([second, first, known], claims=list(reversed(claims)))
    assert forward == backward
    assert str(forward["b"].value) == "2022-08-08/2022-08-14"
    assert str(forward["a"].value) == "2022-08-11"


def test_a_bound_that_contradicts_the_others_is_ignored_and_reported() -> None:
    text = "Relations were broken in 2019. Defense Minister Juan Carlos Pinzon said so."
    found = _infer([Source(id="a", text=text)], actors=[PINZON])["a"]
    assert str(found.value) == "2019-01-01/.."
    assert found.trace[1].kind == "check"
    assert "ignored" in found.trace[1].detail


def test_future_cues_mark_a_sentence_as_a_plan() -> None:
    assert is_future_sentence("We’ll see in 2024.")
    assert is_future_sentence("It may rain in 2024.")
    assert not is_future_sentence("In May 2024, it rained.")


# --- soundness ----------------------------------------------------------------------------------


@st.composite
def _articles(draw: st.DrawFn) -> tuple[datetime.date, Corpus]:
    """An undated article (and maybe a dated one) written on a known day."""
    true = draw(st.dates(datetime.date(1996, 1, 1), datetime.date(2030, 12, 31)))
    sentences: list[str] = []
    actors: list[Actor] = []
    claims: list[Claim] = []
    sources: list[Source] = []
    for _ in range(draw(st.integers(0, 3))):
        past = draw(st.dates(datetime.date(1990, 1, 1), true))
        sentences.append(
            draw(
                st.sampled_from(
                    [
                        f"Relations were broken in {past.year}.",
                        f"In {MONTHS[past.month - 1]} {past.year}, fighting broke out.",
                        f"The deal was signed on {MONTHS[past.month - 1]} {past.day}, {past.year}.",
                    ]
                )
            )
        )
    if draw(st.booleans()):
        sentences.append(f"The presidents will meet in {true.year + draw(st.integers(1, 5))}.")
    if draw(st.booleans()):
        start = true - datetime.timedelta(days=draw(st.integers(0, 2000)))
        end = None if draw(st.booleans()) else true + datetime.timedelta(draw(st.integers(0, 2000)))
        role = Role(
            office="defence-minister",
            aliases=("Defense Minister",),
            start=PartialDate.from_date(start),
            end=None if end is None else PartialDate.from_date(end),
            ongoing=end is None,
        )
        actors.append(Actor(id="ana", kind=ActorKind.PERSON, name="Ana Torres", roles=(role,)))
        sentences.append("Defense Minister Ana Torres spoke to reporters.")
    if draw(st.booleans()):
        day = true - datetime.timedelta(days=draw(st.integers(0, 6)))
        sentences.append(
            f"The ministers met this {WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} "
            f"{day.day}, in Quito."
        )
    if draw(st.booleans()):
        day = true - datetime.timedelta(days=draw(st.integers(1, 7)))
        quote = f"The summit ended last {WEEKDAYS[day.weekday()]}"
        sentences.append(f"{quote} in Lima.")
        other = f"The summit ended on {MONTHS[day.month - 1]} {day.day}."
        published = true + datetime.timedelta(days=draw(st.integers(0, 30)))
        sources.append(Source(id="b", text=other, published=PartialDate.from_date(published)))
        claims.append(_claim("b1", "b", other, date=PartialDate.from_date(day), event="summit"))
        claims.append(_claim("a1", "a", quote, event="summit"))
    order = draw(st.permutations(sentences))
    sources.append(Source(id="a", text=" ".join(order)))
    return true, Corpus(sources=tuple(sources), actors=tuple(actors), claims=tuple(claims))


@settings(max_examples=60, deadline=None)
@given(_articles())
def test_inferred_bounds_always_hold_the_day_an_article_was_written(
    article: tuple[datetime.date, Corpus],
) -> None:
    true, corpus = article
    found = infer_source_dates(corpus, _spans(corpus))["a"]
    assert found.inferred
    if found.value is not None:
        assert found.value.earliest <= true <= found.value.latest, found.trace


# --- inferring again only what changed -------------------------------------------------------


def _both(corpus: Corpus) -> None:
    from claimkit._infer import _infer_source_dates
    from claimkit._temporal import tag

    spans = _spans(corpus)
    fast = _infer_source_dates(corpus, spans, tag, incremental=True)
    every = _infer_source_dates(corpus, spans, tag, incremental=False)
    assert fast == every
    assert list(fast) == list(every)


def test_inferring_again_only_what_changed_gives_what_inferring_everything_gives(
    seed_corpus: claimkit.Corpus,
) -> None:
    _both(seed_corpus)
    known = Source(id="c", text="They met on August 7.", published=PartialDate.parse("2022-11-09"))
    chain = [
        known,
        Source(id="b", text="They met last Sunday. Talks followed on August 9."),
        Source(id="a", text="Talks were held two days ago. A vote came on August 12."),
        Source(id="0", text="The vote was held yesterday."),
    ]
    claims = [
        _claim("c1", "c", "They met on August 7", date=PartialDate.parse("2022-08-07"), event="e"),
        _claim("b1", "b", "They met last Sunday", event="e"),
        _claim(
            "b2", "b", "Talks followed on August 9", date=PartialDate.parse("2022-08-09"), event="f"
        ),
        _claim("a1", "a", "Talks were held two days ago", event="f"),
        _claim(
            "a2", "a", "A vote came on August 12", date=PartialDate.parse("2022-08-12"), event="g"
        ),
        _claim("z1", "0", "The vote was held yesterday", event="g"),
    ]
    corpus = Corpus(sources=tuple(chain), claims=tuple(claims))
    _both(corpus)
    assert str(infer_source_dates(corpus, _spans(corpus))["0"].value) == "2022-08-13"


def test_inferring_again_only_what_changed_on_a_generated_corpus(tmp_path: Path) -> None:
    from conftest import generated_corpus

    corpus = claimkit.load(generated_corpus(tmp_path / "g", claims=600, seed=3))
    assert any(source.published is None for source in corpus.sources)
    _both(corpus)
