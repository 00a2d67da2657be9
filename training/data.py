"""`data build`: sources → one bilingual instruction set, checked and split.

Reads multiple-choice items, open question/answer pairs, multi-turn chats and
the desktop app's own JSONL exports from local JSONL/JSON/CSV/Parquet files
or (on the user's machine) hub data sets through `datasets`. Every record is
turned into chat messages in the language it is written in; then, in this
order: records whose question appears in an evaluation set are refused
(contamination, by hash of the normalised question), duplicates dropped (hash
of the normalised conversation), too short/long records dropped (tokens as
the model's tokenizer counts them in the training format), the
Arabic:English ratio enforced by deterministic down-sampling, and the rest
shuffled by seed and split into train/validation. A stats report says what
happened to every record.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from bimedix.core.direction import language_of, normalize_for_search
from bimedix.core.prompts import MODES
from bimedix.errors import UserFacingError
from bimedix.safe_json import LARGE_FILE, MAX_LINE, JsonFileError, iter_jsonl, load_file
from bimedix.training.config import DataConfig, SourceConfig, TrainingConfig

LETTERS = "ABCDEFGHIJ"
# How a multiple-choice item is asked and answered, per language.
MCQ_INSTRUCTION = {
    "en": "Answer with the letter of the correct option, then explain briefly.",
    "ar": "أجب بحرف الخيار الصحيح، ثم اشرح باختصار.",
}
MCQ_ANSWER = {"en": "Answer: {letter}. {text}", "ar": "الإجابة: {letter}. {text}"}
KIND_TO_MODE = {"mcq": "mcq", "qa": "qa", "chat": "consult"}
MODE_TO_KIND = {"mcq": "mcq", "qa": "qa", "consult": "chat"}


class DataError(UserFacingError):
    """A data source cannot be read or holds unusable records."""


@dataclass
class Record:
    """One training example: chat messages plus where it came from."""

    id: str
    source: str
    kind: str  # mcq, qa or chat
    language: str  # en or ar
    question: str  # the first user question, for the contamination check
    messages: list[dict[str, str]]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BuildStats:
    """What `build_dataset` did with every record it read."""

    read: Counter[str] = field(default_factory=Counter)  # by source
    rejected: Counter[str] = field(default_factory=Counter)  # by reason
    contaminated_ids: list[str] = field(default_factory=list)
    kept_by_source: Counter[str] = field(default_factory=Counter)
    kept_by_kind: Counter[str] = field(default_factory=Counter)
    kept_by_language: Counter[str] = field(default_factory=Counter)
    tokens_by_language: Counter[str] = field(default_factory=Counter)
    train: int = 0
    validation: int = 0
    eval_questions: int = 0

    def to_json(self) -> dict[str, Any]:
        # Not asdict(): it rebuilds a Counter from (key, value) pairs and so
        # counts the pairs.
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {k: dict(v) if isinstance(v, Counter) else v for k, v in values.items()}

    def summary(self) -> str:
        lines = [
            f"read {sum(self.read.values())} records from {len(self.read)} sources; "
            f"kept {self.train + self.validation} (train {self.train}, "
            f"validation {self.validation})",
        ]
        for name, counts in (
            ("by source", self.kept_by_source),
            ("by type", self.kept_by_kind),
            ("by language", self.kept_by_language),
            ("tokens", self.tokens_by_language),
            ("rejected", self.rejected),
        ):
            if counts:
                lines.append(
                    f"  {name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
                )
        if self.contaminated_ids:
            lines.append(
                f"  refused as contaminated (question in an evaluation set, "
                f"{self.eval_questions} questions): "
                + ", ".join(self.contaminated_ids[:10])
                + (" …" if len(self.contaminated_ids) > 10 else "")
            )
        return "\n".join(lines)


def normalized_hash(text: str) -> str:
    """Hash of text folded for comparison: Unicode NFKC, case, Arabic
    harakat/tatweel/letter variants, punctuation and spacing."""
    folded = normalize_for_search(text)
    words = "".join(c if c.isalnum() else " " for c in folded).split()
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


# --- reading ---------------------------------------------------------------
def _object(row: Any, where: str) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise DataError(f"{where}: expected a JSON object, found {type(row).__name__}")
    return row


def _csv_lines(path: Path, handle: Any) -> Iterator[str]:
    """Decoded lines for csv.reader, read with a length cap and checked as
    UTF-8 one line at a time (errors name the physical line)."""
    number = 0
    while raw := handle.readline(MAX_LINE + 1):
        number += 1
        if len(raw) > MAX_LINE:
            raise DataError(f"{path.name}, line {number}: longer than {MAX_LINE >> 20} MB")
        if b"\0" in raw:  # Python 3.11's csv takes NUL as data; it never is here
            raise DataError(f"{path.name}, line {number}: contains NUL bytes (not a text file?)")
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(
                f"{path.name}, line {number}: not UTF-8 text (invalid byte at offset {exc.start})"
            ) from exc


def _read_csv(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as handle:
        reader = csv.DictReader(_csv_lines(path, handle), strict=True)
        try:
            yield from reader
        except csv.Error as exc:  # NUL bytes, an over-long field
            raise DataError(f"{path.name}, line {reader.line_num}: not valid CSV ({exc})") from exc


def _read_parquet(path: Path) -> Iterator[dict[str, Any]]:
    try:
        import pyarrow
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise DataError(f"{path}: reading Parquet needs pyarrow (pip install pyarrow)") from exc
    try:
        parquet = pq.ParquetFile(path)
        for batch in parquet.iter_batches(batch_size=1024):  # not the whole table at once
            yield from batch.to_pylist()
    except (pyarrow.ArrowException, ValueError, OSError) as exc:
        reason = " ".join(str(exc).split())  # pyarrow's messages span lines
        raise DataError(f"{path.name}: not a readable Parquet file ({reason})") from exc


def _read_local(path: Path) -> Iterator[dict[str, Any]]:
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            for number, row in iter_jsonl(path):
                yield _object(row, f"{path.name}, line {number}")
        elif suffix == ".json":
            data = load_file(path, max_bytes=LARGE_FILE)
            rows = data.get("data") if isinstance(data, dict) else data
            if not isinstance(rows, list):
                raise DataError(f'{path.name}: expected a list of objects or {{"data": [...]}}')
            for index, row in enumerate(rows):
                yield _object(row, f"{path.name}, item {index}")
        elif suffix == ".csv":
            yield from _read_csv(path)
        elif suffix == ".parquet":
            yield from _read_parquet(path)
        else:
            raise DataError(f"{path.name}: unsupported file type (jsonl, json, csv, parquet)")
    except JsonFileError as exc:
        raise DataError(str(exc)) from exc
    except OSError as exc:
        raise DataError(f"Cannot read {path}: {exc.strerror or exc}") from exc


def _read_hub(source: SourceConfig) -> Iterator[dict[str, Any]]:
    try:
        import datasets
    except ImportError as exc:
        raise DataError("Hub data sets need the `datasets` package (pip install datasets)") from exc
    dataset = datasets.load_dataset(source.hub, source.subset or None, split=source.split)
    yield from dataset


def read_rows(source: SourceConfig, config: TrainingConfig) -> Iterator[dict[str, Any]]:
    rows = _read_local(config.resolve(source.path)) if source.path else _read_hub(source)
    for count, row in enumerate(rows):
        if source.limit and count >= source.limit:
            return
        yield row


def check_sources(config: TrainingConfig) -> int:
    """Read every row of every local source and evaluation set once, so a
    malformed file, or one without a single usable record, is reported
    before the (slow) base model is prepared.

    Returns:
        The number of usable records read.

    Raises:
        DataError: naming the file and, where known, the line or row.
    """
    usable = 0
    for source in (*config.data.sources, *config.data.eval_sets):
        if not source.path:
            continue
        rows, good, first_problem = 0, 0, ""
        for number, row in enumerate(read_rows(source, config)):
            rows += 1
            try:
                row_to_record(row, source, number)
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                first_problem = first_problem or f"row {number + 1}: {exc}"
                continue
            good += 1
        if not good:
            name = Path(source.path).name
            detail = f" (first problem: {first_problem})" if first_problem else ""
            raise DataError(
                f"{name}: none of its {rows} rows is a usable {source.kind} record{detail}"
            )
        usable += good
    return usable


def source_name(source: SourceConfig) -> str:
    return source.name or (Path(source.path).stem if source.path else source.hub)


# --- rows → records -----------------------------------------------------------
def _column(row: dict[str, Any], source: SourceConfig, key: str, default: Any = None) -> Any:
    return row.get(source.columns.get(key, key), default)


def _text(row: dict[str, Any], source: SourceConfig, key: str) -> str:
    """A text column, stripped; missing is empty, any other type an error."""
    value = _column(row, source, key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{key} is {type(value).__name__}, not text")
    return value.strip()


def _options(row: dict[str, Any], source: SourceConfig) -> list[str]:
    spec = source.columns.get("options", "options")
    raw = [row.get(c) for c in spec] if isinstance(spec, list) else row.get(spec)
    if isinstance(raw, str):
        raw = json.loads(raw)
    if isinstance(raw, dict):
        return [str(raw[k]) for k in sorted(raw)]
    if isinstance(raw, list) and raw:
        return [str(x) for x in raw]
    raise ValueError("no options")


def _answer_index(row: dict[str, Any], source: SourceConfig, n_options: int) -> int:
    answer = _column(row, source, "answer")
    base = int(source.columns.get("answer_index_base", 0))
    if isinstance(answer, int) or (isinstance(answer, str) and answer.strip().isdigit()):
        index = int(answer) - base
    else:
        index = LETTERS.find(str(answer).strip().upper()[:1])
    if not 0 <= index < n_options:
        raise ValueError(f"answer {answer!r} is not one of the options")
    return index


def _language(text: str, source: SourceConfig, row: dict[str, Any]) -> str:
    given = source.language or _column(row, source, "language") or ""
    return given if given in ("en", "ar") else language_of(text)


def _mcq_record(row: dict[str, Any], source: SourceConfig, rid: str) -> Record:
    question = _text(row, source, "question")
    options = _options(row, source)
    index = _answer_index(row, source, len(options))
    explanation = _text(row, source, "explanation")
    language = _language(question, source, row)
    body = "\n".join(f"{LETTERS[i]}. {text}" for i, text in enumerate(options))
    user = f"{question}\n\n{body}\n\n{MCQ_INSTRUCTION[language]}"
    answer = MCQ_ANSWER[language].format(letter=LETTERS[index], text=options[index])
    if explanation:
        answer += f"\n{explanation}"
    messages = [{"role": "user", "content": user}, {"role": "assistant", "content": answer}]
    return Record(rid, source_name(source), "mcq", language, question, messages)


def _qa_record(row: dict[str, Any], source: SourceConfig, rid: str) -> Record:
    question = _text(row, source, "question")
    answer = _text(row, source, "answer")
    language = _language(question + answer, source, row)
    messages = [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
    return Record(rid, source_name(source), "qa", language, question, messages)


def _chat_messages(row: dict[str, Any], source: SourceConfig) -> list[dict[str, str]]:
    raw = _column(row, source, "messages")
    if raw is None and "conversations" in row:  # ShareGPT, as `bimedix export --format sharegpt`
        names = {
            "human": "user",
            "user": "user",
            "gpt": "assistant",
            "assistant": "assistant",
            "system": "system",
        }
        raw = [
            {"role": names.get(t.get("from"), ""), "content": t.get("value")}
            for t in row["conversations"]
        ]
    if isinstance(raw, str):
        raw = json.loads(raw)
    if not isinstance(raw, list):
        raise ValueError("no messages")
    return [{"role": str(m["role"]), "content": str(m["content"] or "").strip()} for m in raw]


def _chat_record(row: dict[str, Any], source: SourceConfig, rid: str, kind: str) -> Record:
    messages = _chat_messages(row, source)
    # System prompts are the app's or the source's, not the data's: they are
    # added back (if configured) in the language of the record.
    turns = [m for m in messages if m["role"] != "system"]
    while turns and turns[-1]["role"] != "assistant":
        turns.pop()  # an unanswered last question teaches nothing
    text = " ".join(m["content"] for m in turns)
    language = _language(text, source, row)
    question = next((m["content"] for m in turns if m["role"] == "user"), "")
    if row.get("kind") in ("mcq", "qa", "chat"):  # e.g. reviewed translations keep theirs
        kind = row["kind"]
    return Record(rid, source_name(source), kind, language, question, turns)


def row_to_record(row: dict[str, Any], source: SourceConfig, number: int) -> Record:
    """One source row as a Record.

    Raises:
        ValueError: the row lacks what its kind needs (the caller counts it).
    """
    rid = str(_column(row, source, "id") or f"{source_name(source)}-{number}")
    if source.kind == "mcq":
        return _mcq_record(row, source, rid)
    if source.kind == "qa":
        return _qa_record(row, source, rid)
    if source.kind in ("app_export", "sft"):  # sft: `bimedix export --format sft`
        kind = MODE_TO_KIND.get(str(row.get("mode", "")), "chat")
        record = _chat_record(row, source, f"app-{rid}", kind)
        if row.get("language") in ("en", "ar") and not source.language:
            record.language = row["language"]  # the session's own language
        return record
    return _chat_record(row, source, rid, "chat")


def valid_turns(messages: list[dict[str, str]]) -> bool:
    """user/assistant alternating, starting with the user, ending with a reply,
    no empty message."""
    if len(messages) < 2 or len(messages) % 2:
        return False
    for i, message in enumerate(messages):
        if message["role"] != ("user" if i % 2 == 0 else "assistant") or not message["content"]:
            return False
    return True


def with_app_system_prompt(record: Record) -> list[dict[str, str]]:
    mode = MODES[KIND_TO_MODE[record.kind]]
    return [{"role": "system", "content": mode.system_prompt[record.language]}, *record.messages]


# --- the build -------------------------------------------------------------------
def eval_question_hashes(config: TrainingConfig) -> set[str]:
    hashes = set()
    for source in config.data.eval_sets:
        for number, row in enumerate(read_rows(source, config)):
            try:
                question = row_to_record(row, source, number).question
            except (ValueError, KeyError, TypeError, json.JSONDecodeError):
                continue
            if question:
                hashes.add(normalized_hash(question))
    return hashes


def iter_source_records(config: TrainingConfig, stats: BuildStats) -> Iterator[Record]:
    for source in config.data.sources:
        name = source_name(source)
        for number, row in enumerate(read_rows(source, config)):
            stats.read[name] += 1
            try:
                record = row_to_record(row, source, number)
            except (ValueError, KeyError, TypeError, AttributeError, json.JSONDecodeError):
                stats.rejected["malformed"] += 1
                continue
            if not valid_turns(record.messages):
                stats.rejected["malformed"] += 1
                continue
            yield record


def source_texts(config: TrainingConfig) -> Iterator[str]:
    """The sources' conversations as the model will read them (to train a
    tiny tokenizer on), and the app's system prompts."""
    stats = BuildStats()
    for record in iter_source_records(config, stats):
        turns = record.messages
        yield "".join(
            f"[INST] {turns[i]['content']} [/INST] {turns[i + 1]['content']}"
            for i in range(0, len(turns), 2)
        )
    for language in ("en", "ar"):
        for mode in MODES.values():
            yield mode.system_prompt[language]
        yield MCQ_INSTRUCTION[language]


def balance_languages(
    records: list[Record], ratio: tuple[int, int], rng: random.Random
) -> tuple[list[Record], int]:
    """Down-sample the over-represented language to reach Arabic:English =
    ratio. Returns the kept records (original order) and how many were
    dropped."""
    arabic_part, english_part = ratio
    arabic = [r for r in records if r.language == "ar"]
    english = [r for r in records if r.language == "en"]
    if arabic_part == 0:
        keep_ar, keep_en = 0, len(english)
    elif english_part == 0:
        keep_ar, keep_en = len(arabic), 0
    elif len(arabic) * english_part > len(english) * arabic_part:
        keep_en = len(english)
        keep_ar = len(english) * arabic_part // english_part
    else:
        keep_ar = len(arabic)
        keep_en = len(arabic) * english_part // arabic_part
    chosen = {id(r) for r in rng.sample(arabic, keep_ar)} | {
        id(r) for r in rng.sample(english, keep_en)
    }
    kept = [r for r in records if id(r) in chosen]
    return kept, len(records) - len(kept)


CountTokens = Callable[[list[dict[str, str]]], int]


@dataclass
class BuiltDataset:
    train: list[Record]
    validation: list[Record]
    stats: BuildStats


def build_dataset(config: TrainingConfig, count_tokens: CountTokens) -> BuiltDataset:
    """Build the instruction set described by `config.data` (nothing written)."""
    data: DataConfig = config.data
    stats = BuildStats()
    contaminated = eval_question_hashes(config)
    stats.eval_questions = len(contaminated)
    seen: set[str] = set()
    records: list[Record] = []
    ids: Counter[str] = Counter()
    for record in iter_source_records(config, stats):
        if record.question and normalized_hash(record.question) in contaminated:
            stats.rejected["contaminated"] += 1
            stats.contaminated_ids.append(record.id)
            continue
        if data.dedup:
            key = normalized_hash("\n".join(m["content"] for m in record.messages))
            if key in seen:
                stats.rejected["duplicate"] += 1
                continue
            seen.add(key)
        if data.app_system_prompts:
            record.messages = with_app_system_prompt(record)
        tokens = count_tokens(record.messages)
        if tokens > data.max_tokens:
            stats.rejected["too_long"] += 1
            continue
        if tokens < data.min_tokens:
            stats.rejected["too_short"] += 1
            continue
        ids[record.id] += 1
        if ids[record.id] > 1:  # ids stay unique for the report and reviewers
            record.id = f"{record.id}#{ids[record.id]}"
        records.append(record)

    rng = random.Random(data.seed)
    if data.enforce_ratio:
        records, dropped = balance_languages(records, data.arabic_to_english, rng)
        if dropped:
            stats.rejected["language_ratio"] += dropped
    rng.shuffle(records)
    n_validation = round(len(records) * data.validation_fraction)
    if data.validation_fraction > 0 and len(records) >= 2:
        n_validation = max(1, n_validation)
    validation, train = records[:n_validation], records[n_validation:]
    for record in records:
        stats.kept_by_source[record.source] += 1
        stats.kept_by_kind[record.kind] += 1
        stats.kept_by_language[record.language] += 1
        stats.tokens_by_language[record.language] += count_tokens(record.messages)
    stats.train, stats.validation = len(train), len(validation)
    if not train:
        raise DataError("No training records left after filtering; see the stats above.")
    return BuiltDataset(train, validation, stats)


def write_jsonl(records: Iterable[Record], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    with tmp.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
    tmp.replace(path)


def read_records(path: Path) -> list[Record]:
    with path.open(encoding="utf-8") as handle:
        return [Record(**json.loads(line)) for line in handle if line.strip()]


def write_dataset(built: BuiltDataset, out_dir: Path) -> dict[str, Path]:
    """train.jsonl, validation.jsonl and stats.json in `out_dir`."""
    paths = {
        "train": out_dir / "train.jsonl",
        "validation": out_dir / "validation.jsonl",
        "stats": out_dir / "stats.json",
    }
    write_jsonl(built.train, paths["train"])
    write_jsonl(built.validation, paths["validation"])
    paths["stats"].write_text(
        json.dumps(built.stats.to_json(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return paths
