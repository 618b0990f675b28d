"""Stage 2: each file against the content format, then references across files."""

from __future__ import annotations

import datetime as dt
import shutil

from generator.pipeline import check_content

from .conftest import FIXTURES


def test_unknown_key_suggests_the_closest(briefing):
    briefing.replace("sources/ap-2022-11-08.yaml", "published:", "publihsed:")
    assert (
        "sources/ap-2022-11-08.yaml:4:1: error: unknown key 'publihsed' in source (did you mean 'published'?)"
        in briefing.messages()
    )


def test_missing_required_key_names_it_and_shows_how_to_add_it(briefing):
    briefing.replace("sources/ap-2022-11-08.yaml", "type: news\n", "")
    assert (
        "sources/ap-2022-11-08.yaml:1:1: error: source is missing the required key 'type' (add `type: news`)"
        in briefing.messages()
    )


def test_impossible_date_is_an_error_at_its_line(briefing):
    briefing.replace("claims/horses-by-train.yaml", "date: 2022-11-08", "date: 2022-13-45")
    assert (
        "claims/horses-by-train.yaml:4:7: error: 'date' '2022-13-45' is not a real date (check the month (01-12) and day)"
        in briefing.messages()
    )


def test_dates_are_the_same_quoted_or_not(briefing):
    briefing.replace("claims/horses-by-train.yaml", "date: 2022-11-08", "date: '2022-11-08'")
    result = briefing.check()
    assert result.ok
    claim = next(c for c in result.briefing.claims if c.id == "horses-by-train")
    assert claim.date == dt.date(2022, 11, 8)


def test_a_date_with_a_time_is_refused(briefing):
    briefing.replace("claims/horses-by-train.yaml", "date: 2022-11-08", "date: 2022-11-08 10:00:00")
    assert any(
        "'date' '2022-11-08 10:00:00' is not a date (write it as YYYY-MM-DD, with no time)" in m
        for m in briefing.messages()
    )


def test_yaml_11_booleans_stay_rating_ids(briefing):
    # `false` is a rating id in the fixture; `no` and `on` are added here.
    briefing.replace(
        "ratings.yaml",
        "unscored:\n",
        "  - id: no\n    label: No\n    description: x\nunscored:\n  - id: on\n    label: On\n    description: y\n",
    )
    briefing.replace("claims/horses-by-train.yaml", "rating: accurate", "rating: false")
    result = briefing.check()
    assert result.ok, result.problems
    ratings = result.briefing.ratings
    assert [r.id for r in ratings.scale] == ["accurate", "misleading", "false", "no"]
    assert [r.value for r in ratings.scale] == [4, 3, 2, 1]
    assert ratings.get("on").value is None
    claim = next(c for c in result.briefing.claims if c.id == "horses-by-train")
    assert claim.verdict.rating.label == "False"


def test_text_keeps_exactly_what_was_written(briefing):
    briefing.replace("claims/horses-by-train.yaml", "claim: Russia sent", "claim: 1.10 <b>&amp; {{ x }} | Russia sent")
    result = briefing.check()
    claim = next(c for c in result.briefing.claims if c.id == "horses-by-train")
    assert claim.text.startswith("1.10 <b>&amp; {{ x }} | Russia sent")


def test_url_must_be_http_or_https(briefing):
    briefing.replace("sources/newsweek-2022-11-02.yaml", "url: https://", "url: javascript://")
    assert any(
        m.startswith(
            "sources/newsweek-2022-11-02.yaml:7:6: error: 'url' 'javascript://example.org/newsweek-fixture' must start with https://"
        )
        for m in briefing.messages()
    )


def test_bad_file_name_suggests_an_id(briefing):
    briefing.write("claims/Horses By Train.yaml", briefing.read("claims/horses-by-train.yaml"))
    assert any(
        m.startswith("claims/Horses By Train.yaml:0:0: error: file name 'Horses By Train' is not a valid id")
        and "rename it to horses-by-train.yaml" in m
        for m in briefing.messages()
    )


def test_invalid_choice_suggests_the_closest(briefing):
    briefing.replace("claims/horses-by-train.yaml", "stance: supports", "stance: suports")
    assert (
        "claims/horses-by-train.yaml:16:15: error: 'stance' 'suports' is not allowed (did you mean 'supports'?)"
        in briefing.messages()
    )


def test_javascript_link_in_markdown_is_rejected_with_its_line(briefing):
    briefing.replace(
        "claims/horses-by-train.yaml", "    | Horses | 30 |", "    | Horses | [30](jav&#x61;script:alert(1)) |"
    )
    assert any(
        m.startswith("claims/horses-by-train.yaml:13:21: error: link address scheme 'javascript:' is not allowed")
        for m in briefing.messages()
    )


def test_control_characters_are_refused(briefing):
    briefing.replace("claims/horses-by-train.yaml", "claim: Russia sent", 'claim: "\\x02Russia sent')
    briefing.replace("claims/horses-by-train.yaml", "horses.\n", 'horses."\n')
    assert any("contains the invisible control character U+0002" in m for m in briefing.messages())


def test_all_problems_in_one_run_sorted_by_file_and_line(briefing):
    briefing.replace("sources/kcna-2022-09-22.yaml", "type: state-media", "type: tv")
    briefing.replace("claims/horses-by-train.yaml", "rating: accurate", "rating: acurate")
    briefing.replace("claims/dprk-denies-arms-dealings.yaml", "date: 2022-11-08", "date: 2022-11-31")
    messages = briefing.messages()
    errors = [m for m in messages if ": error: " in m]
    assert [m.split(": error:")[0] for m in errors] == [
        "claims/dprk-denies-arms-dealings.yaml:4:7",
        "claims/horses-by-train.yaml:7:11",
        "sources/kcna-2022-09-22.yaml:4:7",
    ]
    assert "did you mean 'accurate'?" in errors[1]
    assert briefing.check().briefing is None


def test_unknown_source_suggests_the_closest(briefing):
    briefing.replace("claims/horses-by-train.yaml", "source: ap-2022-11-08", "source: ap-2022-11-09")
    assert (
        "claims/horses-by-train.yaml:18:15: error: unknown source 'ap-2022-11-09' (did you mean 'ap-2022-11-08'?)"
        in briefing.messages()
    )


def test_verdict_reviewed_before_the_claim_was_made(briefing):
    briefing.replace("claims/horses-by-train.yaml", "reviewed: 2022-11-08", "reviewed: 2022-11-01")
    assert any(
        m.startswith(
            "claims/horses-by-train.yaml:9:13: error: the verdict was reviewed on 2022-11-01, before the claim was made (2022-11-08)"
        )
        for m in briefing.messages()
    )


def test_duplicate_rating_ids(briefing):
    briefing.replace("ratings.yaml", "  - id: misleading", "  - id: accurate")
    assert any(
        m.startswith("ratings.yaml:5:9: error: rating id 'accurate' is used twice (first on line 2)")
        for m in briefing.messages()
    )


def test_history_with_an_unknown_rating(briefing):
    briefing.replace(
        "claims/dprk-denies-arms-exports.yaml",
        "  - rating: unproven\n    reviewed: 2022-09-23",
        "  - rating: unprovn\n    reviewed: 2022-09-23",
    )
    assert any(
        m.startswith("claims/dprk-denies-arms-exports.yaml:26:13: error: unknown rating 'unprovn'")
        for m in briefing.messages()
    )


def test_history_must_be_older_than_the_current_verdict(briefing):
    briefing.replace("claims/dprk-denies-arms-exports.yaml", "reviewed: 2022-09-23", "reviewed: 2022-12-01")
    assert any("is dated after the current one (2022-11-08)" in m for m in briefing.messages())


def test_link_to_an_unknown_claim_in_markdown(briefing):
    briefing.replace("briefing.yaml", "(claim:dprk-denies-arms-exports)", "(claim:dprk-denies-arms-export)")
    assert (
        "briefing.yaml:4:59: error: link to unknown claim 'dprk-denies-arms-export' (did you mean 'dprk-denies-arms-exports'?)"
        in briefing.messages()
    )


def test_an_uncited_source_is_a_warning_only(briefing):
    briefing.write("sources/unused.yaml", "title: Unused\npublisher: Nobody\ntype: other\n")
    result = briefing.check()
    assert result.ok
    assert [p.format() for p in result.problems] == [
        "sources/unused.yaml:1:1: warning: no claim cites the source 'unused' (cite it as evidence, or delete the file)"
    ]


def test_updated_defaults_to_the_latest_review_or_correction(briefing):
    # The basic briefing's verdicts were reached on 2022-11-08; a correction followed on 2022-11-09.
    assert briefing.check().briefing.updated == dt.date(2022, 11, 9)
    briefing.write("briefing.yaml", briefing.read("briefing.yaml") + "updated: 2022-11-10\n")
    assert briefing.check().briefing.updated == dt.date(2022, 11, 10)


def test_references_are_resolved_to_objects(briefing):
    result = briefing.check()
    claim = next(c for c in result.briefing.claims if c.id == "dprk-denies-arms-exports")
    assert claim.verdict.evidence[0].source.publisher == "Associated Press (via Los Angeles Times)"
    assert claim.history[0].rating is result.briefing.ratings.get("unproven")
    assert [s.id for s in claim.sources] == ["ap-2022-11-08", "newsweek-2022-11-02", "kcna-2022-09-22"]


def test_a_broken_file_does_not_cascade_into_unknown_reference_errors(briefing):
    briefing.write("sources/ap-2022-11-08.yaml", "title: [unclosed\n")
    messages = briefing.messages()
    assert all(m.startswith("sources/ap-2022-11-08.yaml:") for m in messages), messages
    assert len(messages) == 1


def test_a_file_in_the_wrong_format_reports_fifty_problems_and_counts_the_rest(briefing):
    briefing.write("sources/wrong.yaml", "".join(f"key{i:03}: value\n" for i in range(80)))
    messages = [m for m in briefing.messages() if m.startswith("sources/wrong.yaml:")]
    assert len(messages) == 51
    assert messages[-1].startswith(
        "sources/wrong.yaml:48:1: error: 33 more problems in this file are not shown (33 errors)"
    )


def _single_source_warnings(briefing) -> list[str]:
    return [p.format() for p in briefing.check().problems if "two-source rule" in p.message]


def test_a_scored_verdict_on_one_source_is_a_warning_naming_file_and_line(briefing):
    # horses-by-train cites the railway's announcement and the AP report; drop the first.
    item = "    - source: interfax-2022-11-02\n      stance: supports\n      note: The railway's announcement of the shipment.\n"
    briefing.replace("claims/horses-by-train.yaml", item, "")
    result = briefing.check()
    assert result.ok  # a warning, not an error
    assert _single_source_warnings(briefing) == [
        "claims/horses-by-train.yaml:15:5: warning: the verdict 'accurate' rests on one source only "
        "('ap-2022-11-08'): the two-source rule asks for at least two "
        "(cite an independent source as evidence, or use a rating off the scale)"
    ]


def test_a_verdict_off_the_scale_may_rest_on_one_source(briefing):
    # dprk-denies-arms-dealings is rated unproven on the AP report alone.
    claim = briefing.check().briefing
    single = next(c for c in claim.claims if c.id == "dprk-denies-arms-dealings")
    assert {e.source.id for e in single.verdict.evidence} == {"ap-2022-11-08"}
    assert not single.verdict.rating.scored
    assert _single_source_warnings(briefing) == []
    briefing.replace("claims/dprk-denies-arms-dealings.yaml", "rating: unproven", "rating: misleading")
    assert len(_single_source_warnings(briefing)) == 1


def test_a_withdrawn_claim_may_rest_on_one_source(tmp_path):
    # tests/fixtures/v11's withdrawn claim is rated accurate on the AP report alone.
    root = shutil.copytree(FIXTURES / "v11", tmp_path / "v11")
    withdrawn = root / "claims" / "horses-by-train-withdrawn.yaml"
    assert "withdrawn:" in withdrawn.read_text(encoding="utf-8")
    assert [p for p in check_content(root).problems if "two-source rule" in p.message] == []
    text = withdrawn.read_text(encoding="utf-8")
    withdrawn.write_text(text[: text.index("withdrawn:")], encoding="utf-8")  # published again
    assert [p.path for p in check_content(root).problems if "two-source rule" in p.message] == [
        "claims/horses-by-train-withdrawn.yaml"
    ]
