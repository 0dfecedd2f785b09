"""The object `uxlab analyze --json` prints (SPEC §6) as typed definitions, and its published
JSON Schema (`uxlab analyze --schema`) generated from them.

The rules a type cannot say are written as JSON Schema beside the type: a figure that is null
for want of data has a `reason` beside it (or on the object that holds it), and each
comparison's metric fixes its tests, its `difference_kind` and the range of its difference and
interval; a custom item's comparison is a t test of a difference.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, NamedTuple, NotRequired, get_args

from pydantic import ConfigDict, Field, TypeAdapter, with_config
from pydantic.json_schema import GenerateJsonSchema
from typing_extensions import TypedDict

Count = Annotated[int, Field(ge=0)]
Share = Annotated[float, Field(ge=0, le=1)]  # rates, shares and p-values
Positive = Annotated[float, Field(gt=0)]
NonNegative = Annotated[float, Field(ge=0)]
SeqPoints = Annotated[float, Field(ge=1, le=7)]
Hundred = Annotated[float, Field(ge=0, le=100)]  # SUS, UMUX-Lite, percentiles
NpsPoints = Annotated[float, Field(ge=-100, le=100)]
Interval = tuple[float, float]
ContentHash = Annotated[str, Field(pattern="^[0-9a-f]{64}$")]  # a protocol version's SHA-256
Grade = Literal["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D", "F"]
Metric = Literal["completion", "time", "errors", "seq", "sus", "umux-lite", "nps"]
NoAttempts = Literal["no attempts"]
SumPart = Literal["completion", "errors", "time", "satisfaction"]


def _null_needs_reason(*keys: str, reason: str = "reason") -> list[dict[str, Any]]:
    return [
        {"if": {"properties": {key: {"type": "null"}}}, "then": {"required": [reason]}}
        for key in keys
    ]


def _closed(*rules: dict[str, Any]) -> ConfigDict:
    """Only the declared keys, and these rules besides."""
    return ConfigDict(extra="forbid", json_schema_extra={"allOf": list(rules)} if rules else None)


def _range(low: float, high: float) -> dict[str, Any]:
    """Bounds of a number that may be null (bounds do not apply to null)."""
    return {"minimum": low, "maximum": high}


RATIO = {"exclusiveMinimum": 0}  # a ratio of times


@with_config(_closed(*_null_needs_reason("rate", "best_estimate", "ci")))
class Completion(TypedDict):
    """Adjusted-Wald interval; `rate` is x/n, `best_estimate` Lewis & Sauro (2006)."""

    n: Count
    successes: Count
    rate: Share | None
    best_estimate: Share | None
    ci: tuple[Share, Share] | None
    reason: NotRequired[NoAttempts]


@with_config(
    _closed(
        *_null_needs_reason("geometric_mean_s", "ci_s", "median_s"),
        *_null_needs_reason("median_ci_s", reason="median_ci_reason"),
    )
)
class TimeOnTask(TypedDict):
    """Geometric mean with the t interval of log times; the median's interval from n = 25
    (`median_ci_reason` says why it is null)."""

    n: Count
    geometric_mean_s: Positive | None
    ci_s: tuple[Positive, Positive] | None
    median_s: NonNegative | None
    median_ci_s: tuple[NonNegative, NonNegative] | None
    reason: NotRequired[str]
    median_ci_reason: NotRequired[str]


@with_config(_closed(*_null_needs_reason("total", "mean_per_attempt")))
class Assists(TypedDict):
    """Counted over the attempts whose source recorded them (`n`)."""

    n: Count
    total: Count | None
    mean_per_attempt: NonNegative | None
    reason: NotRequired[Literal["not recorded"] | NoAttempts]


@with_config(_closed(*_null_needs_reason("total", "mean_per_attempt", "error_free_rate")))
class Errors(Assists):
    error_free_rate: Share | None


@with_config(_closed(*_null_needs_reason("mean_ratio", "ci")))
class Efficiency(TypedDict):
    """Steps over `optimal_steps` of successful attempts."""

    n: Count
    optimal_steps: Annotated[int, Field(gt=0)] | None
    mean_ratio: Positive | None
    ci: Interval | None
    reason: NotRequired[str]


@with_config(_closed(*_null_needs_reason("mean", "ci")))
class SeqEstimate(TypedDict):
    """Mean SEQ rating with its t interval, clipped to the 1–7 scale."""

    n: Count
    mean: SeqPoints | None
    ci: tuple[SeqPoints, SeqPoints] | None
    reason: NotRequired[str]


@with_config(_closed(*_null_needs_reason("mean", "ci")))
class ItemEstimate(TypedDict):
    """Mean of a custom item with its t interval, clipped to the item's own scale."""

    n: Count
    mean: float | None
    ci: Interval | None
    reason: NotRequired[str]


@with_config(_closed(*_null_needs_reason("statistic", "p_value")))
class BenchmarkTest(TypedDict):
    """A one-sided test against the protocol's benchmark; it has no interval."""

    test: str
    statistic: float | None
    p_value: Share | None
    difference: float | None
    ci: None
    reason: NotRequired[str]


def _benchmark(test: str, difference: dict[str, Any]) -> dict[str, Any]:
    return {"properties": {"test": {"const": test}, "difference": difference}}


@with_config(
    _closed(
        {
            "properties": {
                "completion": _benchmark("binomial mid-p", _range(-1, 1)),
                "time": _benchmark("one-sample t on log times", RATIO),
                "seq": _benchmark("one-sample t", _range(-6, 6)),
            }
        }
    )
)
class TaskBenchmarks(TypedDict, total=False):
    """Those the protocol sets: `time` is the ratio of the geometric mean to `target_time`."""

    completion: BenchmarkTest
    time: BenchmarkTest
    seq: BenchmarkTest


@with_config(_closed())
class SingleUsabilityMetric(TypedDict):
    """Sauro & Kindlund (2005): the mean of the components present; the others left out, why."""

    n: Count
    value: Share | None
    components: dict[SumPart, Share]
    left_out: dict[SumPart, str]


@with_config(
    _closed(
        {"if": {"properties": {"attempts": {"const": 0}}}, "then": {"required": ["reason"]}},
        *_null_needs_reason("abandonment_rate", reason="abandonment_reason"),
    )
)
class TaskFigures(TypedDict):
    """One task on one variant; `reason` says why a task without attempts has no rates.
    `abandonment_rate` is over the `abandonment_n` attempts whose source could say a failure
    was giving up (a results CSV's 1/0 outcome cannot); `abandonment_reason` says why it is
    null."""

    task: str  # the id, or id@hash for a task whose definition differs between versions
    variant: str
    versions: list[ContentHash]  # the protocol versions whose sessions feed the figures
    attempts: Count
    skipped: Count
    reason: NotRequired[NoAttempts]
    completion: Completion
    time_on_task: TimeOnTask
    errors: Errors
    assists: Assists
    abandonment_rate: Share | None
    abandonment_n: Count
    abandonment_reason: NotRequired[Literal["not recorded"] | NoAttempts]
    efficiency: Efficiency
    seq: SeqEstimate
    items: dict[str, ItemEstimate]
    benchmarks: TaskBenchmarks
    sum: SingleUsabilityMetric


@with_config(
    _closed(
        *_null_needs_reason("mean", "ci"),
        {
            "if": {"properties": {"mean": {"type": "number"}}},
            "then": {"required": ["grade", "percentile"]},
        },
        {"properties": {"benchmark": _benchmark("one-sample t", _range(-100, 100))}},
    )
)
class SusSummary(TypedDict):
    """Mean SUS score with its t interval (0–100), the Sauro–Lewis grade and percentile."""

    n: Count
    mean: Hundred | None
    ci: tuple[Hundred, Hundred] | None
    reason: NotRequired[str]
    grade: NotRequired[Grade]
    percentile: NotRequired[Hundred]
    benchmark: NotRequired[BenchmarkTest]


@with_config(_closed(*_null_needs_reason("mean", "ci", "sus_equivalent")))
class UmuxLite(TypedDict):
    """UMUX-Lite on 0–100 and its regression onto the SUS scale."""

    n: Count
    mean: Hundred | None
    ci: tuple[Hundred, Hundred] | None
    reason: NotRequired[str]
    sus_equivalent: Hundred | None


@with_config(_closed(*_null_needs_reason("score", "ci")))
class NetPromoter(TypedDict):
    """Promoters − detractors in points, with the adjusted-Wald interval of Rocks (2016)."""

    n: Count
    score: NpsPoints | None
    ci: tuple[NpsPoints, NpsPoints] | None
    reason: NotRequired[str]
    promoters: Count
    detractors: Count


# mypy does not know PEP 728's extra_items yet; pydantic reads it into additionalProperties.
@with_config(ConfigDict(extra="allow"))
class PostSession(TypedDict, total=False, extra_items=ItemEstimate):  # type: ignore[call-arg]
    """The post-session questionnaires of one variant; custom items under their ids."""

    sus: SusSummary
    umux_lite: UmuxLite
    nps: NetPromoter


class Compared(NamedTuple):
    """What a comparison's metric fixes: its tests, its difference_kind, the bounds of its
    difference and of its interval's ends (a bounded scale's ±(high − low), above 0 for a
    ratio)."""

    tests: tuple[str, ...]
    kind: str
    difference: dict[str, Any]
    ci: dict[str, Any]


COMPARED: dict[Metric, Compared] = {
    "completion": Compared(
        ("n-1 two-proportion", "fisher exact", "mcnemar mid-p"),
        "a - b",
        _range(-1, 1),
        _range(-1, 1),
    ),
    "time": Compared(("welch t on log times", "paired t on log times"), "a / b", RATIO, RATIO),
    "errors": Compared(("welch t", "paired t"), "a - b", {}, {}),
    "seq": Compared(("welch t", "paired t"), "a - b", _range(-6, 6), _range(-6, 6)),
    "sus": Compared(("welch t", "paired t"), "a - b", _range(-100, 100), _range(-100, 100)),
    "umux-lite": Compared(("welch t", "paired t"), "a - b", _range(-100, 100), _range(-100, 100)),
    # Within a design no NPS test is made ("none"): the row says why.
    "nps": Compared(("adjusted-wald z", "none"), "a - b", _range(-200, 200), _range(-200, 200)),
}
# A custom item's scores, compared on its own scale (which the schema cannot know).
CUSTOM_ITEM = Compared(("welch t", "paired t"), "a - b", {}, {})
STUDY_LEVEL = ("sus", "umux-lite", "nps")
PAIRED_TESTS = ("mcnemar mid-p", "paired t on log times", "paired t", "none")
BETWEEN_TESTS = list(
    dict.fromkeys(t for rule in COMPARED.values() for t in rule.tests if t not in PAIRED_TESTS)
)


def _metric_rule(metric: str | None, rule: Compared) -> dict[str, Any]:
    """What a metric fixes; for None, every custom item (a metric not in COMPARED)."""
    then: dict[str, Any] = {
        "test": {"enum": list(rule.tests)},
        "difference_kind": {"const": rule.kind},
        "difference": rule.difference,
        "ci": {"items": rule.ci},
    }
    if metric is not None:
        then["task"] = {"type": "null" if metric in STUDY_LEVEL else "string"}
    named = {"const": metric} if metric is not None else {"not": {"enum": list(COMPARED)}}
    return {"if": {"properties": {"metric": named}}, "then": {"properties": then}}


@with_config(
    _closed(
        *_null_needs_reason("statistic", "difference", "ci"),
        {
            "if": {"properties": {"p_value": {"type": "null"}}},
            "then": {"required": ["reason"], "properties": {"p_adjusted": {"type": "null"}}},
            "else": {"properties": {"p_adjusted": {"type": "number"}}},
        },
        {
            "if": {"required": ["exact_p_value"]},
            "then": {"properties": {"test": {"const": "mcnemar mid-p"}}},
        },
        *(_metric_rule(metric, rule) for metric, rule in COMPARED.items()),
        _metric_rule(None, CUSTOM_ITEM),
    )
)
class Comparison(TypedDict):
    """Variant a against b on one task and metric, or on a post-session questionnaire (`task`
    null); the metric is a built-in one or a custom item's id. `p_adjusted` is
    Benjamini–Hochberg over every comparison of the study that has a p-value."""

    task: str | None
    metric: Annotated[
        str, Field(description=f"{', '.join(get_args(Metric))} or a custom item's id")
    ]
    a: str
    b: str
    n_a: Count
    n_b: Count
    difference_kind: Literal["a - b", "a / b"]
    test: str
    statistic: float | None
    p_value: Share | None
    difference: float | None
    ci: Interval | None
    exact_p_value: NotRequired[Share]
    reason: NotRequired[str]
    p_adjusted: Share | None


def _tests_of(tests: list[str]) -> dict[str, Any]:
    return {"properties": {"comparisons": {"items": {"properties": {"test": {"enum": tests}}}}}}


class VersionUsed(TypedDict):
    """A protocol version the figures read sessions of, by content hash."""

    hash: ContentHash
    sessions: Count


class Conflict(TypedDict):
    """A participant code in conflict (two variants of a between design, or two completed
    sessions of one protocol version): the session the figures use, and those they leave out."""

    participant: str
    why: list[str]
    used: str
    left_out: list[str]


@with_config(
    _closed(
        {
            "if": {"properties": {"design": {"const": "within"}}},
            "then": _tests_of(list(PAIRED_TESTS)),
            "else": _tests_of(BETWEEN_TESTS),
        }
    )
)
class StudyAnalysis(TypedDict):
    """`uxlab analyze STUDY --json` (SPEC §6)."""

    study: str
    design: Literal["between", "within"]
    confidence: Annotated[float, Field(gt=0, lt=1)]
    times: Literal["successful", "all"]
    participants: Count
    versions: list[VersionUsed]
    tasks: list[TaskFigures]
    questionnaires: dict[str, PostSession]
    adjustment: Literal["benjamini-hochberg"]
    comparisons: list[Comparison]
    conflicts: list[Conflict]


class _Untitled(GenerateJsonSchema):
    """Titles on the definitions only; a property's name says what a title would."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def analysis_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of `uxlab analyze --json`."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **TypeAdapter(StudyAnalysis).json_schema(schema_generator=_Untitled),
    }
