### Jirga web interface: Urdu (Pakistan), Nastaliq script.
### Same messages and variables as en/jirga.ftl. Digits: Western (0-9), as the loader formats
### numbers for ur (see format_number in src/web/i18n.rs). Register: neutral, official.
### Deaths are "جاں بحق" (neutral), never "شہید" or "ہلاک", which take a side.

-brand-name = جرگہ

## Site chrome

app-name = { -brand-name }
app-tagline = جنگ بندی کی مشترکہ نگرانی
skip-to-content = مرکزی مواد پر جائیں
nav-main = مرکزی مینو
nav-dashboard = جائزہ
nav-incidents = واقعات
nav-hotline = ہاٹ لائن
nav-crossings = گزرگاہیں
nav-commitments = التزامات
nav-log = ریکارڈ
sign-in = سائن ان
sign-out = سائن آؤٹ
signed-in-as = { $member } کے طور پر سائن ان
language = زبان
language-switch = زبان تبدیل کریں
zone-switch = ٹائم زون
footer-record = یہاں ہر بیان پر اس کے مصنف کے دستخط ہیں اور یہ ایک عوامی ریکارڈ میں محفوظ ہے جس کی جانچ گواہ کرتے ہیں۔
loading = لوڈ ہو رہا ہے…
connection-lost = رابطہ منقطع ہو گیا۔ دوبارہ جوڑا جا رہا ہے…
error-not-found = صفحہ نہیں ملا۔
error-forbidden = آپ کا فریق اور کردار آپ کو یہ صفحہ دیکھنے کی اجازت نہیں دیتا۔
error-unavailable = سروس کچھ دیر کے لیے دستیاب نہیں۔ تھوڑی دیر بعد دوبارہ کوشش کریں۔
error-unexpected = کوئی خرابی پیش آئی۔ کچھ بھی درج نہیں ہوا۔

## Roles and kinds of participant

role-admin = منتظم
role-reporter = رپورٹ کنندہ
role-liaison = رابطہ افسر
role-duty-officer = ڈیوٹی افسر
role-investigator = تفتیش کار
role-spokesperson = ترجمان
role-observer = مبصر
party-kind-party = فریق
party-kind-mediator = ثالث
party-kind-observer = مبصر

## Common actions, times and durations

action-save = محفوظ کریں
action-cancel = منسوخ کریں
action-back = واپس
action-apply = لاگو کریں
action-clear = صاف کریں
action-show-more = مزید دکھائیں
action-copy = نقل کریں
action-copied = نقل ہو گیا
pagination-previous = پچھلا
pagination-next = اگلا
pagination-page = { $pages } میں سے صفحہ { $page }
unknown = نامعلوم
time-ago = { $duration } پہلے
time-in = { $duration } میں
duration-seconds = { $count } سیکنڈ
duration-minutes = { $count } منٹ
duration-hours =
    { $count ->
        [one] { $count } گھنٹہ
       *[other] { $count } گھنٹے
    }
duration-days = { $count } دن
# A running countdown, for example "4 منٹ 05 سیکنڈ".
duration-min-sec = { $minutes } منٹ { $seconds } سیکنڈ

## Languages a text can be written in

text-language = متن کی زبان
lang-en = انگریزی
lang-ur = اردو
lang-ps = پشتو
lang-prs = دری
lang-ar = عربی
lang-tr = ترکی
lang-other = کوئی اور زبان

## Sign-in page

signin-title = سائن ان
signin-intro = آپ اپنی کلید سے سائن ان کرتے ہیں۔ سرور ایک تصدیقی متن بھیجتا ہے اور آپ کی کلید اسی براؤزر میں اس پر دستخط کرتی ہے؛ نجی کلید کبھی آپ کے آلے سے باہر نہیں جاتی۔
signin-use-browser-key = اس براؤزر میں محفوظ کلید استعمال کریں
signin-no-browser-key = اس براؤزر میں کوئی کلید محفوظ نہیں۔
signin-import-key = کلید کی فائل درآمد کریں
signin-key-file = کلید کی فائل
signin-import-submit = درآمد کریں
signin-create-key = نئی کلید بنائیں
signin-create-help = اس براؤزر میں ایک نئی کلید بناتا ہے۔ اندراج سے پہلے یہ کسی چیز پر دستخط نہیں کر سکتی۔
signin-public-key = آپ کی عوامی کلید
signin-fingerprint = کلید کا فنگر پرنٹ
signin-enrolment = اندراج
signin-enrolment-explain = نئی کلید کسی چیز پر دستخط کرنے سے پہلے درج ہونی چاہیے: اپنی عوامی کلید اپنے فریق کے منتظم کو دیں، جو اسے آپ کے کردار کے ساتھ ریکارڈ میں درج کرتا ہے۔ فریقین کے منتظمین کا اندراج ثالث کرتے ہیں۔
signin-device-warning = جو بھی اس براؤزر پروفائل کو استعمال کر سکتا ہے وہ اس میں محفوظ کلید بھی استعمال کر سکتا ہے۔ آلے کو مقفل رکھیں۔
signin-signing-in = سائن ان ہو رہا ہے…
signin-failed = سائن ان ناکام: یہ کلید درج نہیں یا منسوخ کی جا چکی ہے۔
signin-expired = آپ کا سیشن ختم ہو گیا ہے۔ دوبارہ سائن ان کریں۔

## Dashboard

dashboard-title = جائزہ
map-title = نقشہ
map-description = لکیر کے ساتھ ساتھ واقعات، حیثیت کے لحاظ سے
map-zoom-in = بڑا کریں
map-zoom-out = چھوٹا کریں
map-pan = نقشہ سرکائیں
map-pan-north = شمال کی طرف سرکائیں
map-pan-south = جنوب کی طرف سرکائیں
map-pan-east = مشرق کی طرف سرکائیں
map-pan-west = مغرب کی طرف سرکائیں
map-reset = ابتدائی منظر پر واپس جائیں
map-legend = علامات کی وضاحت
counts-title = سیکٹر اور فریق کے لحاظ سے واقعات
counts-last-day = گزشتہ 24 گھنٹے
counts-last-week = گزشتہ 7 دن
counts-sector = سیکٹر
counts-party = فریق
counts-total = کل
counts-incidents =
    { $count ->
        [one] { $count } واقعہ
       *[other] { $count } واقعات
    }
crossing-board = گزرگاہوں کی صورتِ حال
open-messages = ہاٹ لائن کے زیرِ التوا پیغامات
open-messages-none = کوئی ہاٹ لائن پیغام وصولی کی تصدیق کا منتظر نہیں۔
overdue-title = مقررہ وقت گزر چکا
overdue-responses = وہ رپورٹیں جن کا جواب مقررہ مدت میں نہیں آیا
overdue-investigations = وہ تحقیقات جن کی مقررہ تاریخ گزر چکی
overdue-signatures = دستخطوں کے منتظر تحقیقاتی نتائج
overdue-acknowledgements = ہاٹ لائن پیغامات جن کی وصولی کی بروقت تصدیق نہیں ہوئی
overdue-none = کوئی کام مقررہ وقت سے پیچھے نہیں۔
overdue-by = مقررہ وقت سے { $duration } زیادہ
recent-incidents = حالیہ واقعات

## Incident list: filters and columns

incidents-title = واقعات
filters-title = فلٹر
filter-sector = سیکٹر
filter-category = زمرہ
filter-party = فریق
filter-party-reporting = رپورٹ کرنے والا فریق
filter-party-accused = مبینہ ذمہ دار فریق
filter-status = حیثیت
filter-date-range = تاریخوں کی حد
filter-date-from = سے
filter-date-to = تک
filter-distance = لکیر سے فاصلہ
filter-within-km = لکیر سے { $km } کلومیٹر کے اندر
filter-any = کوئی بھی
column-reference = حوالہ
column-occurred = وقتِ وقوعہ
column-reported = رپورٹ کا وقت
column-sector = سیکٹر
column-place = مقام
column-category = زمرہ
column-title = عنوان
column-reporter = رپورٹ کنندہ
column-accused = مبینہ ذمہ دار
column-casualties = جاں بحق / زخمی
column-status = حیثیت
column-response-due = جواب کی آخری تاریخ
column-proof = ثبوت
incidents-count =
    { $count ->
        [one] { $count } واقعہ
       *[other] { $count } واقعات
    }
incidents-none = ان فلٹرز کے مطابق کوئی واقعہ نہیں۔
export-csv = CSV میں برآمد کریں (ACLED کالم)
export-geojson = GeoJSON میں برآمد کریں

## Incident lifecycle

status-reported = رپورٹ شدہ
status-answered = جواب موصول
status-disputed = متنازع
status-unanswered = جواب نہیں ملا
status-under-investigation = زیرِ تفتیش
status-finding-final = نتیجہ حتمی
status-closed = بند
status-reported-help = درج ہو چکا ہے اور جواب کی مقررہ مدت باقی ہے؛ ابھی کوئی جواب نہیں آیا۔
status-answered-help = اب تک کے تمام جوابات رپورٹ کو تسلیم کرتے ہیں۔
status-disputed-help = کم از کم ایک جواب رپورٹ کی تردید کرتا ہے، اس پر اعتراض کرتا ہے یا جوابی دعویٰ پیش کرتا ہے۔
status-unanswered-help = کوئی جواب نہیں آیا اور جواب کی مقررہ مدت گزر چکی ہے۔
status-under-investigation-help = ایک مشترکہ ٹیم اس واقعے کی تحقیقات کر رہی ہے۔
status-finding-final-help = مشترکہ ٹیم کے تحقیقاتی نتیجے پر تمام مطلوبہ دستخط ہو چکے ہیں۔
status-closed-help = ثالثوں نے تحقیقات بند کر دی ہیں۔

## Incident page

incident-claim = دعویٰ
incident-reported-by = رپورٹ کنندہ فریق: { $party }
incident-reported-on = رپورٹ کی تاریخ: { $date }
incident-occurred = وقتِ وقوعہ
incident-location = مقام
incident-precision = { $metres } میٹر کے اندر
incident-alleged-responsible = مبینہ ذمہ دار
incident-not-named = نام نہیں دیا گیا
incident-casualties-claimed = دعویٰ کردہ جانی نقصان
incident-narrative = تفصیل
incident-sources = ذرائع
incident-clauses = وہ شقیں جن کی مبینہ خلاف ورزی ہوئی
incident-responses = جوابات
incident-no-response = ابھی کوئی جواب نہیں۔
incident-response-due = جواب کی آخری تاریخ: { $date }
incident-response-by = { $party } کا جواب
incident-finding = تحقیقاتی نتیجہ
incident-no-finding = ابھی کوئی تحقیقاتی نتیجہ نہیں۔
incident-versions = نسخے
incident-version = نسخہ { $number }
incident-version-current = موجودہ نسخہ
incident-amended-on = ترمیم کی تاریخ: { $date }
incident-evidence = شواہد
incident-no-evidence = کوئی شواہد منسلک نہیں۔
incident-respond = جواب دیں
incident-amend = رپورٹ میں ترمیم کریں
incident-attach-evidence = شواہد منسلک کریں
incident-open-investigation = تحقیقات شروع کریں
original-language = اصل زبان: { $language }
position-acknowledge = تسلیم
position-deny = تردید
position-contest = اعتراض
position-counter-claim = جوابی دعویٰ
casualties-killed = جاں بحق
casualties-wounded = زخمی
casualties-military = فوجی
casualties-civilian = شہری
casualties-range = { $best } ({ $low } سے { $high } تک)
casualties-none = کسی جانی نقصان کا دعویٰ نہیں
evidence-sealed = سربمہر: صرف اس کا فنگر پرنٹ دکھایا جاتا ہے
evidence-fingerprint = SHA-256 فنگر پرنٹ
evidence-size = حجم
evidence-captured = ریکارڈ کرنے کا وقت
evidence-source = ماخذ
evidence-download = ڈاؤن لوڈ کریں (تحویل کے ریکارڈ میں درج ہو گا)
evidence-custody = تحویل کا تسلسل
finding-conclusion = حتمی رائے
finding-attribution = ذمہ دار قرار
finding-confirmed-casualties = تصدیق شدہ جانی نقصان
finding-signatures = دستخط
finding-final = حتمی
finding-awaiting =
    { $count ->
        [one] { $count } دستخط کا انتظار
       *[other] { $count } دستخطوں کا انتظار
    }
finding-concurs = متفق
finding-dissents = اختلاف
finding-dissent-reasons = اختلاف کی وجوہات
conclusion-verified = تصدیق شدہ
conclusion-partly-verified = جزوی طور پر تصدیق شدہ
conclusion-unsubstantiated = غیر ثابت شدہ
conclusion-inconclusive = غیر حتمی
conclusion-not-attributable = ذمہ داری کا تعین ممکن نہیں

## Proof badges: each statement's place in the log

proof-sequenced = ترتیب وار درج
proof-sequenced-help = ریکارڈ میں نمبر { $index } پر درج۔
proof-checkpointed = توثیقی نقطے میں شامل
proof-checkpointed-help = ریکارڈ کے دستخط شدہ توثیقی نقطے میں شامل، جس میں { $size } اندراجات ہیں۔
proof-witnessed = گواہوں سے تصدیق شدہ
proof-witnessed-help =
    { $count ->
        [one] ایسے توثیقی نقطے میں شامل جس پر { $count } گواہ کے مشترکہ دستخط ہیں۔
       *[other] ایسے توثیقی نقطے میں شامل جس پر { $count } گواہوں کے مشترکہ دستخط ہیں۔
    }
proof-verify-here = اسی صفحے پر تصدیق کریں
proof-verifying = تصدیق ہو رہی ہے…
proof-verified = شمولیت کا ثبوت درست ہے
proof-bundle = ثبوت کا بنڈل ڈاؤن لوڈ کریں
proof-bundle-help = ایک فائل جس میں بیان، اس کی شمولیت کا ثبوت اور گواہوں کا دستخط شدہ چیک پوائنٹ ہے، جسے کوئی بھی آف لائن جانچ سکتا ہے۔
proof-failed = شمولیت کا ثبوت ناکام
signature-valid = دستخط درست
signature-invalid = دستخط نادرست

## Form: report an incident (also used to amend one)

report-title = واقعے کی رپورٹ درج کریں
report-amend-title = رپورٹ میں ترمیم
report-intro = آپ کی رپورٹ پر آپ کی کلید سے دستخط ہوتے ہیں اور یہ ریکارڈ میں درج ہو جاتی ہے۔ اسے حذف نہیں کیا جا سکتا؛ ترمیم ایک نیا نسخہ ہے اور پچھلے نسخے نظر آتے رہتے ہیں۔
report-when = کب
field-occurred-start = تاریخ اور وقت
field-occurred-end = اختتام (اختیاری)
field-time-precision = وقت کی درستی
precision-minute = منٹ تک درست
precision-hour = گھنٹے تک درست
precision-day = دن تک درست
precision-week = ہفتے کے اندر
precision-month = مہینے کے اندر
report-where = کہاں
field-place = قریب ترین مقام
field-latitude = عرض بلد
field-longitude = طول بلد
field-location-precision = مقام کی درستی، میٹر میں
field-pick-on-map = نقشے پر منتخب کریں
field-sector = سیکٹر
report-what = کیا ہوا
field-category = زمرہ
field-accused = مبینہ ذمہ دار فریق
field-accused-none = کسی فریق کا نام نہ دیں
field-clauses = وہ شقیں جن کی مبینہ خلاف ورزی ہوئی
report-casualties = دعویٰ کردہ جانی نقصان
field-killed = جاں بحق
field-wounded = زخمی
field-military = فوجی
field-civilian = شہری
field-count-low = کم از کم
field-count-best = بہترین تخمینہ
field-count-high = زیادہ سے زیادہ
field-title = عنوان
field-narrative = تفصیل
field-narrative-language = تفصیل کی زبان
field-sources = ذرائع
field-source-kind = ماخذ کی قسم
source-official = سرکاری بیان
source-media = ذرائع ابلاغ
source-field = موقع کی رپورٹ
source-social = سوشل میڈیا
source-other = دیگر
field-source-title = ماخذ کا عنوان
field-source-url = لنک
field-source-published = اشاعت کی تاریخ
action-add-source = ماخذ شامل کریں
action-remove-source = یہ ماخذ ہٹائیں
report-submit = دستخط کر کے رپورٹ درج کریں
report-amend-submit = دستخط کر کے نیا نسخہ درج کریں
report-filed = رپورٹ درج ہو گئی اور ریکارڈ میں محفوظ ہے۔

## Form: respond to a report

respond-title = رپورٹ کا جواب دیں
respond-position = موقف
respond-acknowledge-help = آپ رپورٹ کو اسی صورت میں تسلیم کرتے ہیں جس میں وہ درج کی گئی۔
respond-deny-help = آپ کا موقف ہے کہ واقعہ اس طرح پیش نہیں آیا جیسے رپورٹ کیا گیا۔
respond-contest-help = آپ رپورٹ کے کسی حصے پر اعتراض کرتے ہیں: وقت، مقام، ذمہ داری یا جانی نقصان۔
respond-counter-claim-help = آپ واقعے کا مختلف بیان پیش کرتے ہیں۔
respond-narrative = آپ کا بیان
respond-submit = دستخط کر کے جواب بھیجیں
respond-sent = جواب درج ہو گیا۔

## Form: attach evidence

evidence-title = شواہد منسلک کریں
evidence-file = فائل
evidence-capture-time = ریکارڈ کرنے کا وقت
evidence-capture-place = ریکارڈ کرنے کا مقام
evidence-source-field = ماخذ (آلہ، یونٹ یا فرد)
evidence-visibility = کون دیکھ سکتا ہے
visibility-public = عوامی
visibility-joint = مشترکہ: تمام فریقین اور ثالث
visibility-mediators = صرف ثالث: دوسرے فریق کے لیے سربمہر
visibility-party = صرف اپنا فریق (مسودہ)
evidence-hashing = فنگر پرنٹ تیار ہو رہا ہے…
evidence-progress = { $percent }٪ اپ لوڈ ہو گیا
evidence-submit = دستخط کر کے شواہد درج کریں
evidence-registered = شواہد درج ہو گئے۔

## Form: open an investigation, notes, closing

investigation-title = تحقیقات شروع کریں
investigation-name = عنوان
investigation-mandate = دائرہ کار
investigation-team = ٹیم
investigation-team-help = ٹیم میں ہر فریق کے ارکان اور ایک ثالث کا شامل ہونا ضروری ہے۔
investigation-due = تحقیقاتی نتیجے کی آخری تاریخ
investigation-submit = دستخط کر کے تحقیقات شروع کریں
investigation-opened = تحقیقات شروع ہو گئی ہیں۔
investigation-notes = یادداشتیں
investigation-add-note = یادداشت شامل کریں
investigation-obstruction = رکاوٹ
obstruction-access-refused = رسائی سے انکار
obstruction-site-unreachable = مقام تک رسائی ممکن نہیں
obstruction-evidence-withheld = شواہد روکے گئے
obstruction-witness-unavailable = گواہ دستیاب نہیں
obstruction-other = دیگر رکاوٹ
investigation-close = تحقیقات بند کریں
investigation-close-reason = بند کرنے کی وجہ

## Form: draft and sign a finding

finding-draft-title = تحقیقاتی نتیجے کا مسودہ تیار کریں
finding-summary = خلاصہ
finding-breaches = شقوں کی خلاف ورزیاں
verdict-verified = تصدیق شدہ
verdict-rejected = مسترد
finding-sign-title = تحقیقاتی نتیجے پر دستخط کریں
finding-your-position = آپ کا موقف
stance-concur = متفق
stance-dissent = اختلاف
finding-reasons = وجوہات
finding-reasons-help = اختلاف کی صورت میں وجوہات دینا لازم ہے؛ یہ تحقیقاتی نتیجے کے ساتھ دکھائی جاتی ہیں۔
finding-sign-submit = دستخط کریں
finding-signed = آپ کے دستخط درج ہو گئے۔

## Validation messages

validation-form-errors =
    { $count ->
        [one] اس فارم میں { $count } خرابی ہے۔
       *[other] اس فارم میں { $count } خرابیاں ہیں۔
    }
validation-required = یہ خانہ لازمی ہے۔
validation-latitude = عرض بلد { $min } اور { $max } کے درمیان ہونا چاہیے۔
validation-longitude = طول بلد { $min } اور { $max } کے درمیان ہونا چاہیے۔
validation-precision = درستی میٹر میں ایک مکمل عدد ہونی چاہیے، { $min } سے { $max } تک۔
validation-end-before-start = اختتام آغاز سے پہلے نہیں ہو سکتا۔
validation-future = یہ وقت مستقبل میں ہے۔
validation-count = تعداد 0 سے { $max } تک ایک مکمل عدد ہونی چاہیے۔
validation-low-best-high = تعداد اس ترتیب میں ہو: کم از کم، پھر بہترین تخمینہ، پھر زیادہ سے زیادہ۔
validation-too-long = زیادہ سے زیادہ { $max } حروف۔
validation-url = مکمل لنک درج کریں جو https:// یا http:// سے شروع ہو۔
validation-unknown-sector = یہ سیکٹر اس نظام میں درج نہیں۔
validation-unknown-category = یہ زمرہ معلوم نہیں۔
validation-due-past = آخری تاریخ مستقبل میں ہونی چاہیے۔
validation-team = ٹیم میں ہر فریق کے ارکان اور ایک ثالث کا شامل ہونا ضروری ہے۔
validation-reasons = اختلاف کی صورت میں وجوہات دینا لازم ہے۔
validation-file-empty = فائل خالی ہے۔
validation-file-too-large = فائل { $mib } MiB کی حد سے بڑی ہے۔
validation-key-not-enrolled = یہ کلید درج نہیں یا منسوخ کی جا چکی ہے۔
validation-not-allowed = آپ کا کردار اس کارروائی کی اجازت نہیں دیتا۔
validation-signature = سرور دستخط کی تصدیق نہیں کر سکا۔ کچھ بھی درج نہیں ہوا۔

## Categories: the ceasefire kinds, then ACLED event types

category-cross-border-fire = سرحد پار فائرنگ
category-artillery-shelling = توپ خانے سے گولہ باری
category-air-drone-strike = فضائی یا ڈرون حملہ
category-airspace-violation = فضائی حدود کی خلاف ورزی
category-infiltration = دراندازی
category-border-post-attack = سرحدی چوکی پر حملہ
category-ied = دیسی ساختہ بم (IED)
category-crossing-closure = گزرگاہ کی بندش
category-civilian-harm = شہریوں کو نقصان
category-narcotics-activity = منشیات سے متعلق سرگرمی
category-armed-clash = مسلح جھڑپ
category-attack-on-civilians = شہریوں پر حملہ
category-suicide-bomb = خودکش دھماکا
category-abduction = اغوا یا جبری گمشدگی
category-arrests = گرفتاریاں
category-looting-property-destruction = لوٹ مار یا املاک کی تباہی
category-peaceful-protest = پرامن احتجاج
category-violent-demonstration = پرتشدد مظاہرہ
category-agreement = معاہدہ
category-other = دیگر
category-group-ceasefire = جنگ بندی کی خلاف ورزیاں
category-group-acled = دیگر واقعات (ACLED اقسام)

## Hotline console

hotline-title = ہاٹ لائن
hotline-live = براہِ راست
hotline-reconnecting = دوبارہ جوڑا جا رہا ہے…
hotline-new-message = نیا پیغام
hotline-type = قسم
msg-notice-of-fire = فائرنگ کی اطلاع
msg-cease-fire-request = فائرنگ روکنے کی درخواست
msg-prior-notice = سرگرمی کی پیشگی اطلاع
msg-medevac-request = طبی انخلا کی درخواست
msg-crossing-notice = گزرگاہ سے متعلق اطلاع
msg-check-in = معمول کا رابطہ
msg-free-text = آزاد متن
hotline-priority = ترجیح
priority-flash = انتہائی فوری
priority-immediate = فوری
priority-routine = معمول
hotline-from = بھیجنے والا
hotline-to = وصول کنندہ
hotline-sector = سیکٹر
hotline-place = مقام
hotline-text = پیغام
hotline-activity = سرگرمی
hotline-activity-from = آغاز
hotline-activity-until = اختتام
hotline-activity-area = علاقہ
hotline-send = دستخط کر کے بھیجیں
hotline-sent = پیغام بھیج دیا گیا۔
hotline-acknowledge = وصولی کی تصدیق کریں
hotline-reply = جواب دیں
hotline-reply-optional = جواب (اختیاری)
hotline-acknowledged = وصولی کی تصدیق ہو گئی
hotline-acknowledged-by = { $member } نے { $time } پر وصولی کی تصدیق کی
hotline-awaiting = وصولی کی تصدیق کا انتظار
hotline-countdown = وصولی کی تصدیق کے لیے { $duration } باقی
hotline-overdue = تصدیق نہیں ہوئی: مقررہ وقت سے { $duration } زیادہ
hotline-escalated-backup = معاملہ متبادل افسران اور ہیڈکوارٹر کو بھیج دیا گیا
hotline-escalated-mediators = معاملہ ثالثوں کو بھیج دیا گیا
hotline-alarm = فائرنگ روکنے کی درخواست: فوراً وصولی کی تصدیق کریں
hotline-alarm-silence = الارم بند کریں
hotline-check-ins = معمول کے رابطے
hotline-check-in-ok = معمول کا رابطہ بروقت
hotline-check-in-missed = معمول کا رابطہ نہیں ہوا
hotline-check-in-last = آخری معمول کا رابطہ: { $time }
hotline-check-in-next = اگلا معمول کا رابطہ: { $time }
hotline-roster = ڈیوٹی فہرست
hotline-none = کوئی پیغام نہیں۔

## Crossings

crossings-title = گزرگاہیں
crossing-name = گزرگاہ
crossing-status = حیثیت
crossing-open = کھلی
crossing-restricted = محدود
crossing-closed = بند
crossing-since = کب سے
crossing-since-date = { $date } سے
crossing-reason = وجہ
crossing-set-by = اعلان کنندہ
crossing-history = سابقہ ریکارڈ
crossing-update = حیثیت تبدیل کریں
crossing-update-submit = دستخط کر کے تبدیل کریں
crossings-lede = ہر فریق اپنا دروازہ خود، ٹریفک کی ہر قسم کے لیے الگ، طے کرتا ہے۔ کوئی قسم صرف اسی وقت گزر سکتی ہے جب دونوں فریق اسے گزرنے دیں۔
crossing-classes-of = { $crossing } پر آمد و رفت
traffic-class = آمد و رفت
traffic-all = تمام آمد و رفت
traffic-trade = تجارت
traffic-transit = ٹرانزٹ تجارت
traffic-pedestrians = پیدل مسافر
traffic-returnees = واپس جانے والے
traffic-humanitarian = انسانی امداد اور اقوامِ متحدہ کا سامان
crossing-side-of = { $party } کی جانب
crossing-together = دونوں جانب
crossing-one-way = یک طرفہ، { $party } کی طرف
crossing-direction = سمت
crossing-both-ways = دونوں طرف
crossing-into = صرف { $party } کی طرف
crossing-whole-border = پوری سرحد
crossing-notice = دوسرے فریق کو ہاٹ لائن پر اطلاع
crossing-no-notice-named = کوئی نہیں
crossing-no-notice = دوسرے فریق کو ہاٹ لائن پر کوئی اطلاع ریکارڈ میں نہیں۔
crossing-notice-sent = { $parties } کو { $time } پر اطلاع بھیجی گئی:
crossing-notice-acked = { $party } نے { $time } پر وصولی کی تصدیق کی۔
crossing-notice-unacked = وصولی کی تصدیق نہیں ہوئی۔
exceptions-title = استثنیٰ
exception-heading = { $class }، { $party } کی جانب سے منظور
exception-counted = { $quota } { $unit } میں سے { $passed } گزر چکے
exception-phase =
    { $count ->
       *[other] مرحلہ { $count }
    }
exception-phase-col = مرحلہ
exception-from = سے
exception-until = تک
exception-passed = گزر چکے
exception-new = استثنیٰ منظور کریں
exception-unit = گنتی کی اکائی
exception-purpose = مقصد
exception-phases = مراحل اور کوٹے
exception-quota = کوٹہ
exception-submit = دستخط کر کے منظور کریں
unit-containers = کنٹینر
unit-trucks = ٹرک
unit-vehicles = گاڑیاں
unit-people = افراد
passage-count = گزرنے والوں کی تعداد
passage-at = کب
passage-submit = دستخط کر کے گنتی درج کریں
figures-title = رپورٹ شدہ اعداد و شمار
figures-border-title = پوری سرحد کے اعداد و شمار
figures-help = دوسروں (تاجروں، ایوانِ تجارت، ذرائع ابلاغ) کے دیے گئے اعداد و شمار، ان کے ماخذ کے ساتھ درج؛ نظام ان کی ضمانت نہیں دیتا۔
figure-source = ماخذ:
figure-new = رپورٹ شدہ عدد درج کریں
figure-measure = عدد
figure-value = مقدار
figure-as-of = بتاریخ
figure-source-name = ماخذ
figure-source-url = ماخذ کا ربط
figure-submit = دستخط کر کے درج کریں
measure-trucks-stranded = پھنسے ہوئے ٹرک
measure-containers-stranded = پھنسے ہوئے کنٹینر
measure-people-stranded = پھنسے ہوئے افراد
measure-days-closed = بندش کے دن
report-days-closed-by-class = بندش کے دن، آمد و رفت کی قسم کے لحاظ سے

## Commitments

commitments-title = التزامات
commitment-agreement = معاہدہ
commitment-clause = شق
commitment-owed-by = ذمہ دار فریق
commitment-alleged = مبینہ
commitment-verified = تصدیق شدہ
commitment-rejected = مسترد
commitment-incidents = وہ واقعات جن میں اس شق کی مبینہ خلاف ورزی ہوئی
commitment-breaches =
    { $count ->
        [one] { $count } خلاف ورزی
       *[other] { $count } خلاف ورزیاں
    }

## Log explorer

log-title = شفاف ریکارڈ
log-intro = ہر بیان اس ریکارڈ میں ایک اندراج ہے، اور اس ریکارڈ میں صرف اضافہ ہو سکتا ہے۔ کوئی بھی جانچ سکتا ہے کہ کوئی اندراج اس میں شامل ہے اور ریکارڈ کبھی دوبارہ نہیں لکھا گیا۔
log-checkpoint = توثیقی نقطہ
log-latest = تازہ ترین توثیقی نقطہ
log-witnessed = گواہوں سے تصدیق شدہ تازہ ترین توثیقی نقطہ
log-size = حجم
log-entries =
    { $count ->
        [one] { $count } اندراج
       *[other] { $count } اندراجات
    }
log-root = روٹ ہیش
log-witnesses = گواہ
log-cosigned = گواہوں کے دستخط موجود
log-not-cosigned = گواہوں کے دستخط نہیں
log-cosigned-count = { $total } میں سے { $count } گواہوں کے دستخط
log-quorum = کورم: { $total } میں سے { $count }
log-lookup = اندراج تلاش کریں
log-lookup-hint = بیان کی شناخت یا ریکارڈ میں نمبر
log-lookup-submit = تلاش کریں
log-entry = اندراج { $index }
log-entry-kind = بیان کی قسم
log-entry-signer = دستخط کنندہ
log-entry-time = دستخط کا وقت
log-entry-not-found = اس شناخت یا نمبر کا کوئی اندراج نہیں۔
log-proof-verified = شمولیت کا ثبوت درست ہے
log-proof-failed = شمولیت کا ثبوت ناکام
log-download-checkpoint = توثیقی نقطہ ڈاؤن لوڈ کریں (دستخط شدہ نوٹ)

## Added with the forms, the console and the members page

nav-members = اراکین
form-not-accepted = قبول نہیں ہوا:
map-click-to-report = یا نقشے پر اس جگہ کلک کریں جہاں واقعہ ہوا
hotline-members-only = ہاٹ لائن کے پیغامات صرف سائن اِن اراکین کو دکھائے جاتے ہیں۔
incidents-all = تمام واقعات، فلٹرز کے ساتھ
filter-ignored = یہ فلٹر سمجھ میں نہیں آئے اور لاگو نہیں کیے گئے:
validation-date = تاریخ اس طرح لکھیں: 2025-10-19
report-who-may = صرف رپورٹر کے کردار والے اراکین رپورٹ درج کر سکتے ہیں۔
signing-needs-script = دستخط کے لیے جاوا اسکرپٹ درکار ہے: آپ کی کلید اسی براؤزر میں دستخط کرتی ہے اور کبھی باہر نہیں جاتی۔
signin-forget-key = اس براؤزر سے کلید ہٹائیں
signin-your-name = آپ کا نام
signin-your-party = آپ کا فریق
members-title = اراکین
members-name = نام
members-roles = کردار
members-active = فعال
members-revoked = منسوخ
members-enrol = کسی رکن کی کلید کا اندراج کریں
members-enrol-help = وہ عوامی کلید یہاں چسپاں کریں جو رکن کا براؤزر یا CLI دکھاتا ہے۔ اندراج آپ کی کلید سے دستخط ہو کر عوامی لاگ میں درج ہوتا ہے۔
members-enrol-submit = دستخط کریں اور اندراج کریں
log-entry-id = بیان کی شناخت
log-entry-logged = لاگ میں درج ہونے کا وقت
log-proof-json = شمولیت کا ثبوت (JSON)
log-statement-json = بیان (JSON)
counts-none = پچھلے سات دنوں میں کوئی واقعہ نہیں۔
map-reference-show = حوالہ جاتی واقعات دکھائیں
map-reference-hide = حوالہ جاتی واقعات چھپائیں
map-reference-legend = حوالہ جاتی واقعہ (کسی فریق کا دعویٰ نہیں)
map-reference-attribution = سرمئی چوکور: لکیر سے 25 کلومیٹر کے اندر بیرونی ڈیٹا سے حوالہ جاتی واقعات، پس منظر کے طور پر دکھائے گئے ہیں، فریقوں کے دعووں کے طور پر نہیں۔ ماخذ اور اجازت نامہ:
hotline-event-message = پیغام
hotline-event-ack = تصدیق
hotline-event-escalation = معاملہ آگے بڑھایا گیا
hotline-events-title = آنے والے واقعات
members-key = عوامی کلید
export-jsonl = JSON سطروں کی صورت میں برآمد کریں
nav-reports = رپورٹیں
report-daily-title = روزانہ رپورٹ
report-weekly-title = ہفتہ وار رپورٹ
report-period = مدت
report-cutoff = اختتامی وقت
report-date = مدت کے اختتام کا دن
report-checkpoint = لاگ کے اس توثیقی نقطے سے حساب کیا گیا (حجم · جڑ ہیش):
report-summary = خلاصہ
report-incidents = رپورٹ شدہ واقعات
report-previous = پچھلی مدت
report-this-period = یہ مدت
report-answered = جن رپورٹوں کا جواب آیا
report-overdue = جن رپورٹوں کا جواب مقررہ وقت میں نہیں آیا
report-legend = نیلا: یہ مدت۔ سرمئی: پچھلی مدت۔ اعداد میں صرف وہ شامل ہے جو آپ دیکھ سکتے ہیں۔
report-none = اس مدت میں کوئی نہیں۔
report-by-sector = سیکٹر کے لحاظ سے واقعات
report-by-category = زمرے کے لحاظ سے واقعات
report-by-reporter = رپورٹ کرنے والے فریق کے لحاظ سے واقعات
report-by-accused = مبینہ ذمہ دار فریق کے لحاظ سے واقعات
report-findings = نتیجے کے لحاظ سے جاری کردہ فیصلے
report-verified-by-party = تصدیق شدہ فیصلے، ذمہ دار ٹھہرائے گئے فریق کے لحاظ سے
report-per-day = روزانہ واقعات
report-changes = تبدیلیاں
report-days-closed = بند رہنے کے دن
report-hotline-messages = پیغامات
report-hotline-acknowledged = تصدیق شدہ
report-hotline-median-ack = تصدیق کا درمیانی وقت
report-hotline-max-ack = تصدیق کا طویل ترین وقت
report-reference = لکیر سے 25 کلومیٹر کے اندر حوالہ جاتی واقعات
report-reference-help = بیرونی ڈیٹا (UCDP GED، ACLED) سے، پس منظر کے لیے: فریقوں کے دعوے نہیں۔
report-source = ماخذ
report-custom-title = منتخب مدت کی رپورٹ
report-days = دن

# Notices of hotline messages and escalations, by email and webhook.
notice-subject = [جرگہ] { $from } کی طرف سے { $type } · { $sector }
notice-escalated-subject = [جرگہ] تصدیق نہیں ہوئی، آپ کو بھیجا گیا: { $from } کی طرف سے { $type } · { $sector }
notice-sent-at = بھیجا گیا { $time }
notice-was-due = تصدیق کی آخری مہلت { $time }
notice-open-console = ہاٹ لائن کنسول پر تصدیق کریں:
notice-statement = بیان
deliveries-title = بھیجی گئی اطلاعات
delivery-delivered = { $channel } کے ذریعے { $member } ({ $to }) کو { $time } پر پہنچا دی گئی
delivery-pending = { $channel } کے ذریعے { $member } ({ $to }) کو بھیجی جا رہی ہے
delivery-retrying = { $channel } کے ذریعے { $member } ({ $to }) کو ابھی نہیں پہنچی؛ ناکام کوششیں: { $attempts }؛ آخری خرابی: { $error }
delivery-failed = { $channel } کے ذریعے { $member } ({ $to }) کو نہیں پہنچی؛ { $attempts } کوششوں کے بعد بند کر دیا گیا؛ آخری خرابی: { $error }
delivery-settled = { $channel } کے ذریعے { $member } کو نہیں بھیجی گئی: پہلے ہی تصدیق ہو گئی
channel-email = ای میل
channel-webhook = ویب ہک
statement-signed-at = دستخط { $time }، بعد میں بھیجا گیا
outbox-title = بھیجے جانے کے منتظر
outbox-queued = قطار میں: رابطہ بحال ہونے پر بھیجا جائے گا
outbox-sent = بھیج دیا گیا: اگلے چیک پوائنٹ کا انتظار
outbox-logged = لاگ میں، دستخط شدہ چیک پوائنٹ کے ساتھ
outbox-refused = سرور نے مسترد کر دیا:
outbox-signed = دستخط { $time }
form-queued = رابطہ نہیں: دستخط کر کے قطار میں رکھ دیا گیا۔ رابطہ بحال ہونے پر ترتیب سے بھیجا جائے گا۔
offline-stale = آف لائن: یہ صفحہ { $time } کی حالت میں ہے۔

## Windows of silence

nav-windows = خاموشی کے وقفے
windows-title = خاموشی کے وقفے
windows-title-one = خاموشی کا وقفہ
windows-lede = کسی فریق یا ثالث کی درخواست پر مقامی جنگ بندی، تاکہ مرمت کا عملہ کام کر سکے، زخمیوں کو نکالا جا سکے، قافلہ گزر سکے یا باقیات واپس لائی جا سکیں۔ یہ صرف اسی وقت نافذ ہوتا ہے جب دونوں فریق رضامند ہوں؛ نفاذ کے دوران اس کے اندر کوئی واقعہ وقفے کی خلاف ورزی ہے۔
windows-map = خاموشی کے وقفے جو ابھی ختم نہیں ہوئے
windows-none = خاموشی کے کسی وقفے کی درخواست نہیں کی گئی۔
window-present = کون موجود ہوگا
window-requested-by = { $party } کی درخواست
window-agreed-by = { $parties } رضامند
window-awaiting = { $parties } کی رضامندی کا انتظار
window-violations =
    { $count ->
        [one] نفاذ کے دوران وقفے کے اندر { $count } واقعہ:
       *[other] نفاذ کے دوران وقفے کے اندر { $count } واقعات:
    }
window-reply = جواب
window-agree = دستخط کر کے رضامندی دیں
window-new = خاموشی کے وقفے کی درخواست کریں
window-purpose = مقصد
window-start = آغاز
window-end = اختتام
window-text = کیا ہوگا، اور کہاں
window-submit = دستخط کر کے درخواست کریں
window-purpose-repair-crew = مرمت کا عملہ
window-purpose-medical-evacuation = طبی انخلا
window-purpose-humanitarian-convoy = امدادی قافلہ
window-purpose-recovery-of-remains = باقیات کی واپسی
window-purpose-other = دیگر
window-stage-awaiting = رضامندی کا انتظار
window-stage-agreed = منظور، ابھی شروع نہیں
window-stage-under-way = اس وقت نافذ
window-stage-over = ختم
window-stage-lapsed = رضامندی کے بغیر ختم
hotline-event-window = خاموشی کا وقفہ
msg-window-started = خاموشی کا وقفہ شروع
msg-window-ended = خاموشی کا وقفہ ختم
notice-window-subject = [جرگہ] { $type } · { $sector }
incident-in-window = نافذ خاموشی کے وقفے کے اندر رپورٹ ہوا: وقفے کی خلاف ورزی۔
report-windows = خاموشی کے وقفے
report-window-violations = نافذ وقفے کے اندر واقعات

## One event, several claims

events-title = واقعات اور ان کے دعوے
events-lede = اکثر دونوں فریق فائرنگ کے ایک ہی تبادلے کی رپورٹ دیتے ہیں، ہر ایک کہتا ہے کہ پہل دوسرے نے کی۔ ثالث ایسے دعووں کو ایک واقعے کے طور پر جوڑتا ہے؛ ہر دعویٰ ویسا ہی رہتا ہے جیسا اس کے فریق نے دستخط کیا، ساتھ ساتھ، اور شمار میں واقعہ ایک بار آتا ہے۔
events-link-hint = ایک واقعے کے طور پر جوڑے گئے دعوے، اور وہ جوڑے جو ایک واقعہ لگتے ہیں۔
events-suggested = جوڑے جو ایک واقعہ لگتے ہیں
events-no-suggestion = کوئی جوڑا ایک واقعہ نہیں لگتا۔
events-linked = جوڑے گئے واقعات
events-none = کوئی دعوے ایک واقعے کے طور پر نہیں جوڑے گئے۔
event-heading = ایک واقعہ، { $count } دعوے، { $party } نے جوڑے
event-hidden =
    { $count ->
        [one] { $count } مزید دعویٰ جو آپ نہیں پڑھ سکتے
       *[other] { $count } مزید دعوے جو آپ نہیں پڑھ سکتے
    }
event-apart = { $km } کلومیٹر اور { $minutes } منٹ کا فاصلہ؛ ہر ایک دوسرے کے رپورٹ کنندہ پر الزام لگاتا ہے
event-claim-by = { $party } کا دعویٰ
event-accuses = الزام { $party } پر
event-note = نوٹ
event-link = دستخط کر کے ایک واقعے کے طور پر جوڑیں
event-claims =
    { $count ->
        [one] ایک واقعہ · { $count } دعویٰ
       *[other] ایک واقعہ · { $count } دعوے
    }
event-side-by-side = دعوے ساتھ ساتھ دیکھیں۔
incident-duplicate-badge = دہرائی گئی رپورٹ
incident-duplicate-of = اس کے فریق نے اسے اپنی پہلی رپورٹ کی دہرائی قرار دیا (اسے کھولیں)۔
duplicate-title = آپ کے فریق کی رپورٹ کی دہرائی؟
duplicate-help = اس رپورٹ کو اپنے فریق کی قریب کی پہلی رپورٹ کی دہرائی قرار دیں: یہ ریکارڈ میں رہے گی مگر دوبارہ شمار نہیں ہوگی۔
duplicate-of = پہلی رپورٹ
duplicate-submit = دستخط کر کے دہرائی قرار دیں
report-claims = دعوے (ہر فریق کی رپورٹیں)
report-duplicates = دہرائی گئی، شمار نہیں

## From finding to consequence

record-lede = ہر شق اور فریق کے لیے: رپورٹوں میں لگائے گئے خلاف ورزی کے الزامات، حتمی نتائج سے تصدیق شدہ یا مسترد، اور جن کی ذمہ داری طے نہ ہو سکی؛ ثالثوں کی رپورٹ کردہ خلاف ورزیاں؛ اور ذمہ دار فریق کے وعدہ کردہ اصلاحی اقدامات، واجب، مکمل یا تاخیر شدہ۔
record-not-attributable = ذمہ داری طے نہ ہو سکی
record-violations = رپورٹ شدہ خلاف ورزیاں
record-remedial-due = اصلاحی اقدام واجب
record-remedial-done = اصلاحی اقدام مکمل
record-remedial-overdue = اصلاحی اقدام تاخیر سے
violations-title = خلاف ورزیاں اور ان کے نتائج
violations-none = کسی حتمی نتیجے پر کوئی خلاف ورزی رپورٹ نہیں ہوئی۔
violation-responsible = ذمہ دار: { $party }
violation-incident = واقعہ
violation-quorum = کمیٹی کی مطلوبہ { $quorum } نشستوں میں سے { $endorsed } کی توثیق
step-violation-report = خلاف ورزی کی رپورٹ (ثالث)
step-violation-endorse = توثیق
step-violation-reply = جواب اور اصلاحی اقدام
step-violation-decision = فیصلہ
step-violation-follow-up = پیروی
follow-up-done = مکمل
follow-up-not-done = مکمل نہیں
violation-endorse = دستخط کر کے اپنے فریق کی طرف سے توثیق کریں
violation-remedial-action = اصلاحی اقدام جس کا آپ کا فریق وعدہ کرتا ہے
violation-due = تکمیل کی تاریخ
violation-reply = دستخط کر کے جواب دیں
violation-measure = معاہدے میں مقرر اقدام
violation-decision-text = فیصلہ
violation-decide = فیصلے پر دستخط کریں
violation-done = کیا اصلاحی اقدام مکمل ہوا؟
violation-follow-up-text = کیا دیکھا گیا
violation-follow-up = پیروی پر دستخط کریں
violation-new = حتمی نتیجے پر خلاف ورزی کی رپورٹ
violation-summary = خلاف ورزی، ثالثوں کے الفاظ میں
violation-report = دستخط کر کے خلاف ورزی رپورٹ کریں

# Obligations, deliverables and the actor register (issue 16)
obligations-link = عمل کی ذمہ داریاں اور ان کے مطلوبہ اقدامات: رپورٹ شدہ، تصدیق شدہ، مدت گزر چکی
obligations-title = ذمہ داریاں اور مطلوبہ اقدامات
obligations-lede = معاہدے ہر فریق کو کیا کرنے کا پابند کرتے ہیں: اس نے کیا رپورٹ کیا، دوسرے فریق نے کیا جواب دیا، ثالثوں کے دوروں میں کیا ملا، اور تصدیقی ٹیم کا دستخط شدہ نتیجہ، اختلاف اس کے ساتھ۔
obligation-status-due = واجب الادا
obligation-status-overdue = مدت گزر گئی
obligation-status-reported = رپورٹ شدہ
obligation-status-verifying = تصدیق جاری
obligation-status-verified = تصدیق شدہ
obligation-refusals = مسترد دورے
obligation-obliged = { $party } پابند ہے
obligation-due-on = مقررہ تاریخ { $date }
obligation-measure = پیمائش کا طریقہ
step-performance-report = کارکردگی رپورٹ
step-performance-answer = جواب
step-verification-visit = تصدیقی دورہ یا جانچ
step-verification-access = رسائی
step-deliverable-outcome = نتیجہ
step-deliverable-sign = دستخط
done-done = مکمل
done-partly-done = جزوی طور پر مکمل
done-not-done = نہیں ہوا
answer-accept = قبول
answer-dispute = متنازع
access-granted = دی گئی
access-partial = جزوی طور پر دی گئی
access-refused = مسترد
outcome-met = پوری ہوئی
outcome-partly-met = جزوی طور پر پوری ہوئی
outcome-unmet = پوری نہیں ہوئی
outcome-not-verifiable = قابل تصدیق نہیں
outcome-final = حتمی
outcome-draft = حتمی نہیں: اتفاق کا انتظار
outcome-concur = متفق
outcome-dissent = اختلاف
outcome-sign = نتیجے پر دستخط کریں
outcome-reasons = وجوہات (اختلاف کے لیے لازمی)
performance-file = کارکردگی رپورٹ جمع کریں
performance-done = کیا کیا گیا
performance-account = تفصیل
performance-answer = اس رپورٹ کا جواب دیں
incident-actor = مبینہ گروہ
incident-launched-from = جہاں سے کیا گیا (مبینہ)
incident-disputes = اعتراض: { $parts }
field-actor = مبینہ طور پر ملوث گروہ
field-launched-from = جس علاقے سے کیا گیا
filter-actor = مبینہ گروہ
claim-part-occurred = وقت
claim-part-location = مقام
claim-part-category = زمرہ
claim-part-casualties = جانی نقصان
claim-part-accused = مبینہ ذمہ دار فریق
claim-part-actor = نامزد گروہ
claim-part-launched-from = نامزد علاقہ

# Signed translations (issue 16)
translation-by = { $lang } میں ترجمہ از { $party } ({ $name })؛ اصل متن ہی مستند ہے
translation-disputed = { $party } کا اعتراض: { $reason }
translation-original = اصل متن، جیسا لکھا گیا
translation-add = اس صفحے کی زبان میں ترجمہ کریں
translation-title = ترجمہ شدہ عنوان
translation-narrative = ترجمہ شدہ تفصیل
translation-submit = دستخط کر کے ترجمہ شامل کریں
translation-dispute = اس ترجمے پر اعتراض کریں
translation-dispute-reason = ترجمے میں کیا غلط ہے
report-by-actor = مسلح گروہ یا کسی اور کا نام لینے والے دعوے
report-deliverable = مطلوبہ اقدام
report-due = مقررہ تاریخ
# The actor register (issue 16)
actors-title = مسلح گروہ اور دیگر عناصر
actors-help = ثالثوں کا رکھا ہوا رجسٹر۔ کون کس گروہ کی حمایت یا میزبانی کرتا ہے، یہ ہر فریق کا دعویٰ ہے، نتیجہ نہیں۔
actor-name = نام
actor-type = قسم (ACLED)
actor-said = ہر فریق کا مؤقف
actor-incidents = اس کا نام لینے والے واقعات
actor-said-hosts = { $by } کے مطابق { $party } اس کی میزبانی کرتا ہے
actor-said-supports = { $by } کے مطابق { $party } اس کی حمایت کرتا ہے
actor-said-denies = { $by } کے مطابق { $party } نہ اس کی حمایت کرتا ہے نہ میزبانی
actor-inter-2 = باغی گروہ
actor-inter-3 = سیاسی ملیشیا
actor-inter-4 = شناختی ملیشیا
actor-inter-5 = بلوائی
actor-inter-6 = مظاہرین
actor-inter-7 = شہری
actor-inter-8 = بیرونی یا دیگر فورسز
access-record = دی گئی رسائی درج کریں
access-party = رسائی دینے یا انکار کرنے والا فریق
access-note = کیا ہوا
visit-schedule = دورہ یا جانچ طے کریں
visit-method = طریقہ
visit-planned = کب
visit-place = کہاں
method-visit = دورہ
method-remote-check = دور سے جانچ
method-document-review = دستاویزات کا جائزہ
outcome-draft-title = نتیجے کا مسودہ تیار کریں
outcome-summary = تصدیق سے کیا ثابت ہوا
outcome-rests-on = جن دوروں اور رپورٹوں پر یہ مبنی ہے
respond-choose = اپنے فریق کا مؤقف منتخب کریں
incident-finding-not-yours = ایک نتیجہ موجود ہے؛ یہ فریقین اور ثالثوں کے ارکان کے لیے ہے۔
casualties-not-given = نہیں بتایا گیا
