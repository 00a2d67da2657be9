<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ar">
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../export_dialog.py" line="37" />
        <source>Export chats</source>
        <translation>تصدير المحادثات</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="40" />
        <source>This chat</source>
        <translation>هذه المحادثة</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="41" />
        <source>Selected chats (%d)</source>
        <translation>المحادثات المحددة (%d)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="43" />
        <source>All chats</source>
        <translation>كل المحادثات</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="48" />
        <source>JSON archive (complete, can be imported)</source>
        <translation>أرشيف JSON (كامل، يمكن استيراده)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="49" />
        <source>JSONL chat messages (for training)</source>
        <translation>رسائل JSONL (للتدريب)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="50" />
        <source>JSONL, ShareGPT style</source>
        <translation>JSONL بنمط ShareGPT</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="51" />
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="52" />
        <source>HTML page</source>
        <translation>صفحة HTML</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="53" />
        <source>CSV spreadsheet</source>
        <translation>جدول CSV</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="54" />
        <source>PDF document</source>
        <translation>مستند PDF</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="55" />
        <source>Plain text, visual order (old viewers only)</source>
        <translation>نص عادي بترتيب مرئي (للبرامج القديمة فقط)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="62" />
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="72" />
        <source>Export:</source>
        <translation>التصدير:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="73" />
        <source>Format:</source>
        <translation>الصيغة:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="74" />
        <source>Save to:</source>
        <translation>الحفظ في:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="123" />
        <source>Save export as</source>
        <translation>حفظ التصدير باسم</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="344" />
        <source>BiMediX Desktop %s</source>
        <translation>BiMediX لسطح المكتب %s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="345" />
        <source>+ New chat</source>
        <translation>+ محادثة جديدة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="346" />
        <source>Search chats…</source>
        <translation>ابحث في المحادثات…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="347" />
        <source>Rename</source>
        <translation>إعادة تسمية</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="348" />
        <source>Delete</source>
        <translation>حذف</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="349" />
        <source>Mode:</source>
        <translation>الوضع:</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="351" />
        <source>Consultation</source>
        <translation>استشارة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="352" />
        <source>Multiple choice</source>
        <translation>اختيار من متعدد</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="353" />
        <source>Open question</source>
        <translation>سؤال مفتوح</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="358" />
        <source>Describe your symptoms or ask a medical question… (Enter sends)</source>
        <translation>صف أعراضك أو اطرح سؤالاً طبياً… (Enter للإرسال)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="360" />
        <source>Retry save</source>
        <translation>إعادة محاولة الحفظ</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="361" />
        <source>↻ Regenerate</source>
        <translation>↻ إعادة التوليد</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="362" />
        <source>✎ Edit last message</source>
        <translation>✎ تعديل آخر رسالة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="363" />
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="364" />
        <source>&amp;New chat</source>
        <translation>&amp;محادثة جديدة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="365" />
        <source>&amp;Open model…</source>
        <translation>&amp;فتح نموذج…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="366" />
        <source>Use the embedded model (SmolLM2-135M)</source>
        <translation>استخدام النموذج المدمج (SmolLM2-135M)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="367" />
        <source>Use Gemma 3 270M (multilingual base model)</source>
        <translation>استخدام Gemma 3 270M (نموذج أساسي متعدد اللغات)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="368" />
        <source>&amp;Export…</source>
        <translation>&amp;تصدير…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="369" />
        <source>&amp;Import…</source>
        <translation>ا&amp;ستيراد…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="370" />
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="371" />
        <source>&amp;Model</source>
        <translation>&amp;النموذج</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="372" />
        <source>Prompt format</source>
        <translation>صيغة الموجِّه</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="374" />
        <source>Automatic</source>
        <translation>تلقائي</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="375" />
        <source>Mixtral / BiMediX [INST]</source>
        <translation>Mixtral / BiMediX ‏[INST]</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="376" />
        <source>The model's own chat template</source>
        <translation>قالب المحادثة الخاص بالنموذج</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="377" />
        <source>ChatML</source>
        <translation>ChatML</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="378" />
        <source>Plain User/Assistant transcript</source>
        <translation>نص محادثة بسيط (المستخدم/المساعد)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="382" />
        <source>&amp;Chat</source>
        <translation>&amp;المحادثة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="383" />
        <source>&amp;Stop</source>
        <translation>إي&amp;قاف</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="384" />
        <source>&amp;Regenerate</source>
        <translation>إعادة ال&amp;توليد</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="385" />
        <source>&amp;Edit last message</source>
        <translation>ت&amp;عديل آخر رسالة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="386" />
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="387" />
        <source>Language · اللغة</source>
        <translation>اللغة · Language</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="388" />
        <source>Text size</source>
        <translation>حجم النص</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="390" />
        <source>Normal</source>
        <translation>عادي</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="391" />
        <source>Large</source>
        <translation>كبير</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="392" />
        <source>Very large</source>
        <translation>كبير جداً</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="461" />
        <source>Exported %d chats (%d messages) to %s</source>
        <translation>صُدِّرت %d محادثة (%d رسالة) إلى %s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="466" />
        <source>Exporting chats…</source>
        <translation>جارٍ تصدير المحادثات…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="472" />
        <source>Import chats</source>
        <translation>استيراد محادثات</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="472" />
        <source>Chat archives (*.json *.jsonl)</source>
        <translation>أرشيفات المحادثات (*.json *.jsonl)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="488" />
        <source>Imported %d chats (%d messages); %d were already here.</source>
        <translation>استُوردت %d محادثة (%d رسالة)؛ و%d موجودة من قبل.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="493" />
        <source>Importing chats…</source>
        <translation>جارٍ استيراد المحادثات…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="541" />
        <source>Model ready</source>
        <translation>النموذج جاهز</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="556" />
        <source>Loading model %s…</source>
        <translation>جارٍ تحميل النموذج %s…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="558" />
        <source>No model loaded. File ▸ Open model… loads a GGUF.</source>
        <translation>لم يُحمَّل أي نموذج. ملف ◂ فتح نموذج… لتحميل ملف GGUF.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="560" />
        <source>Model: %1 · context %2 tokens · %3 prompt format</source>
        <translation>النموذج: %1 · السياق %2 رمزاً · صيغة الموجِّه %3</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="568" />
        <source>This small embedded model stands in for BiMediX; Open model… loads BiMediX.</source>
        <translation>هذا نموذج صغير مدمج يحلّ محلّ BiMediX مؤقتاً؛ استخدم «فتح نموذج…» لتحميل BiMediX.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="574" />
        <source>Open model</source>
        <translation>فتح نموذج</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="574" />
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>نماذج GGUF ‏(*.gguf);;كل الملفات (*)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="613" />
        <source>%d messages · last used %s</source>
        <translation>%d رسالة · آخر استخدام %s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="652" />
        <source>New chat</source>
        <translation>محادثة جديدة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="673" />
        <source>Rename chat</source>
        <translation>إعادة تسمية المحادثة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="673" />
        <source>Title:</source>
        <translation>العنوان:</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="686" />
        <source>Delete chat</source>
        <translation>حذف المحادثة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="687" />
        <source>Delete “%s” and its %d messages? This cannot be undone.</source>
        <translation>هل تريد حذف «%s» ورسائلها (%d)؟ لا يمكن التراجع عن ذلك.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="705" />
        <source>Rename…</source>
        <translation>إعادة تسمية…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="706" />
        <source>Delete…</source>
        <translation>حذف…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="785" />
        <source>Editing your last message: Send replaces it and the reply after it.</source>
        <translation>تعديل آخر رسالة: عند الإرسال تُستبدل هي والرد الذي يليها.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="840" />
        <source>%.1f tokens/s</source>
        <translation>%.1f رمز/ث</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="845" />
        <source>%d older messages no longer fit in the model's context and were left out of this reply.</source>
        <translation>لم تعد %d من الرسائل الأقدم تتسع في سياق النموذج، فلم تُرسل معه في هذا الرد.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="856" />
        <source>%.1f tokens/s · %d tokens</source>
        <translation>%.1f رمز/ث · %d رمزاً</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="883" />
        <source>Still cannot save: %s</source>
        <translation>ما زال الحفظ متعذراً: %s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="890" />
        <source>The reply was saved.</source>
        <translation>حُفظ الرد.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="926" />
        <source>Stop</source>
        <translation>إيقاف</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="926" />
        <source>Send</source>
        <translation>إرسال</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="937" />
        <source>Could not save settings: %s</source>
        <translation>تعذّر حفظ الإعدادات: %s</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../transcript.py" line="104" />
        <source>You</source>
        <translation>أنت</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="106" />
        <source>■ Stopped</source>
        <translation>■ أُوقف</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="107" />
        <source>⚠ Interrupted: the app closed before this reply finished</source>
        <translation>⚠ انقطع: أُغلق التطبيق قبل اكتمال هذا الرد</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="108" />
        <source>⚠ This reply failed</source>
        <translation>⚠ فشل هذا الرد</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="109" />
        <source>⚠ Not saved yet: the disk is full or read-only</source>
        <translation>⚠ لم يُحفظ بعد: القرص ممتلئ أو للقراءة فقط</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="142" />
        <source>Copy</source>
        <translation>نسخ</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="143" />
        <source>Flip text direction</source>
        <translation>عكس اتجاه النص</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <location filename="../transcript.py" line="205" />
        <source>Describe your symptoms, how long you have had them, and any medicines you take. In Consultation mode BiMediX asks follow-up questions; Multiple choice answers with the option letter; Open question answers directly. You can write in Arabic or English.</source>
        <translation>صف أعراضك، ومنذ متى بدأت، وأي أدوية تتناولها. في وضع الاستشارة يطرح BiMediX أسئلة متابعة، وفي وضع الاختيار من متعدد يجيب بحرف الخيار، وفي وضع السؤال المفتوح يجيب مباشرة. يمكنك الكتابة بالعربية أو الإنجليزية.</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="244" />
        <source>Show %d earlier messages</source>
        <translation>عرض %d من الرسائل الأقدم</translation>
    </message>
</context>
</TS>