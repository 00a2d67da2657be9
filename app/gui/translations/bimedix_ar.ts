<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ar">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="313" />
        <source>BiMediX Desktop %s</source>
        <translation>BiMediX لسطح المكتب %s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="314" />
        <source>+ New chat</source>
        <translation>+ محادثة جديدة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="315" />
        <source>Search chats…</source>
        <translation>ابحث في المحادثات…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="316" />
        <source>Rename</source>
        <translation>إعادة تسمية</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="317" />
        <source>Delete</source>
        <translation>حذف</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="318" />
        <source>Mode:</source>
        <translation>الوضع:</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="320" />
        <source>Consultation</source>
        <translation>استشارة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="321" />
        <source>Multiple choice</source>
        <translation>اختيار من متعدد</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="322" />
        <source>Open question</source>
        <translation>سؤال مفتوح</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="327" />
        <source>Describe your symptoms or ask a medical question… (Enter sends)</source>
        <translation>صف أعراضك أو اطرح سؤالاً طبياً… (Enter للإرسال)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="329" />
        <source>↻ Regenerate</source>
        <translation>↻ إعادة التوليد</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="330" />
        <source>✎ Edit last message</source>
        <translation>✎ تعديل آخر رسالة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="331" />
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="332" />
        <source>&amp;New chat</source>
        <translation>&amp;محادثة جديدة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="333" />
        <source>&amp;Open model…</source>
        <translation>&amp;فتح نموذج…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="334" />
        <source>Use the embedded model (SmolLM2-135M)</source>
        <translation>استخدام النموذج المدمج (SmolLM2-135M)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="335" />
        <source>Use Gemma 3 270M (multilingual base model)</source>
        <translation>استخدام Gemma 3 270M (نموذج أساسي متعدد اللغات)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="336" />
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="337" />
        <source>&amp;Model</source>
        <translation>&amp;النموذج</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="338" />
        <source>Prompt format</source>
        <translation>صيغة الموجِّه</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="340" />
        <source>Automatic</source>
        <translation>تلقائي</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="341" />
        <source>Mixtral / BiMediX [INST]</source>
        <translation>Mixtral / BiMediX ‏[INST]</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="342" />
        <source>The model's own chat template</source>
        <translation>قالب المحادثة الخاص بالنموذج</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="343" />
        <source>ChatML</source>
        <translation>ChatML</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="344" />
        <source>Plain User/Assistant transcript</source>
        <translation>نص محادثة بسيط (المستخدم/المساعد)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="348" />
        <source>&amp;Chat</source>
        <translation>&amp;المحادثة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="349" />
        <source>&amp;Stop</source>
        <translation>إي&amp;قاف</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="350" />
        <source>&amp;Regenerate</source>
        <translation>إعادة ال&amp;توليد</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="351" />
        <source>&amp;Edit last message</source>
        <translation>ت&amp;عديل آخر رسالة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="352" />
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="353" />
        <source>Language · اللغة</source>
        <translation>اللغة · Language</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="354" />
        <source>Text size</source>
        <translation>حجم النص</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="356" />
        <source>Normal</source>
        <translation>عادي</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="357" />
        <source>Large</source>
        <translation>كبير</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="358" />
        <source>Very large</source>
        <translation>كبير جداً</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="407" />
        <source>Model ready</source>
        <translation>النموذج جاهز</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="422" />
        <source>Loading model %s…</source>
        <translation>جارٍ تحميل النموذج %s…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="424" />
        <source>No model loaded. File ▸ Open model… loads a GGUF.</source>
        <translation>لم يُحمَّل أي نموذج. ملف ◂ فتح نموذج… لتحميل ملف GGUF.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="426" />
        <source>Model: %1 · context %2 tokens · %3 prompt format</source>
        <translation>النموذج: %1 · السياق %2 رمزاً · صيغة الموجِّه %3</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="431" />
        <source>This small embedded model stands in for BiMediX; Open model… loads BiMediX.</source>
        <translation>هذا نموذج صغير مدمج يحلّ محلّ BiMediX مؤقتاً؛ استخدم «فتح نموذج…» لتحميل BiMediX.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="437" />
        <source>Open model</source>
        <translation>فتح نموذج</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="437" />
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>نماذج GGUF ‏(*.gguf);;كل الملفات (*)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="476" />
        <source>%d messages · last used %s</source>
        <translation>%d رسالة · آخر استخدام %s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="514" />
        <source>New chat</source>
        <translation>محادثة جديدة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="535" />
        <source>Rename chat</source>
        <translation>إعادة تسمية المحادثة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="535" />
        <source>Title:</source>
        <translation>العنوان:</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="548" />
        <source>Delete chat</source>
        <translation>حذف المحادثة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="549" />
        <source>Delete “%s” and its %d messages? This cannot be undone.</source>
        <translation>هل تريد حذف «%s» ورسائلها (%d)؟ لا يمكن التراجع عن ذلك.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="567" />
        <source>Rename…</source>
        <translation>إعادة تسمية…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="568" />
        <source>Delete…</source>
        <translation>حذف…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="628" />
        <source>Editing your last message: Send replaces it and the reply after it.</source>
        <translation>تعديل آخر رسالة: عند الإرسال تُستبدل هي والرد الذي يليها.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="682" />
        <source>%.1f tokens/s</source>
        <translation>%.1f رمز/ث</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="687" />
        <source>%d older messages no longer fit in the model's context and were left out of this reply.</source>
        <translation>لم تعد %d من الرسائل الأقدم تتسع في سياق النموذج، فلم تُرسل معه في هذا الرد.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="698" />
        <source>%.1f tokens/s · %d tokens</source>
        <translation>%.1f رمز/ث · %d رمزاً</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="740" />
        <source>Stop</source>
        <translation>إيقاف</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="740" />
        <source>Send</source>
        <translation>إرسال</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="751" />
        <source>Could not save settings: %s</source>
        <translation>تعذّر حفظ الإعدادات: %s</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../transcript.py" line="96" />
        <source>You</source>
        <translation>أنت</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="98" />
        <source>■ Stopped</source>
        <translation>■ أُوقف</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="99" />
        <source>⚠ Interrupted: the app closed before this reply finished</source>
        <translation>⚠ انقطع: أُغلق التطبيق قبل اكتمال هذا الرد</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="100" />
        <source>⚠ This reply failed</source>
        <translation>⚠ فشل هذا الرد</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="128" />
        <source>Copy</source>
        <translation>نسخ</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="129" />
        <source>Flip text direction</source>
        <translation>عكس اتجاه النص</translation>
    </message>
</context>
</TS>