### Jirga web interface: Dari (Afghan usage: "ملکی"، "پوسته"، "ساحه"، "فورم"، "نوکریوال").
### Same messages and variables as en/jirga.ftl. Digits: Extended Arabic-Indic (۰-۹), as the
### loader formats numbers for prs; digits written in these texts use them too.
### Register: neutral, official. "خط" is the line. Compounds are joined with a zero-width
### non-joiner (U+200C), as in "آتش‌بس".

-brand-name = جرگه

## Site chrome

app-name = { -brand-name }
app-tagline = نظارت مشترک بر آتش‌بس
skip-to-content = رفتن به محتوای اصلی
nav-main = فهرست اصلی
nav-dashboard = نمای کلی
nav-incidents = رویدادها
nav-hotline = خط ارتباط مستقیم
nav-crossings = گذرگاه‌ها
nav-commitments = تعهدات
nav-log = دفتر ثبت
sign-in = ورود
sign-out = خروج
signed-in-as = به نام { $member } وارد شده‌اید
language = زبان
language-switch = تغییر زبان
zone-switch = منطقهٔ زمانی
footer-record = هر اظهاریه در اینجا از سوی نویسنده‌اش امضا شده و در یک دفتر ثبت عمومی نگهداری می‌شود که شاهدان آن را بررسی می‌کنند.
loading = در حال بارگذاری…
connection-lost = ارتباط قطع شد. در حال وصل شدن دوباره…
error-not-found = صفحه پیدا نشد.
error-forbidden = طرف و نقش شما اجازه دیدن این صفحه را نمی‌دهد.
error-unavailable = خدمات برای لحظه‌ای در دسترس نیست. کمی بعد دوباره کوشش کنید.
error-unexpected = مشکلی پیش آمد. هیچ چیزی ثبت نشد.

## Roles and kinds of participant

role-admin = مدیر
role-reporter = گزارشگر
role-liaison = افسر ارتباط
role-duty-officer = افسر نوکریوال
role-investigator = محقق
role-spokesperson = سخنگو
role-observer = ناظر
party-kind-party = طرف
party-kind-mediator = میانجی
party-kind-observer = ناظر

## Common actions, times and durations

action-save = ذخیره
action-cancel = لغو
action-back = بازگشت
action-apply = اعمال
action-clear = پاک کردن
action-show-more = نمایش بیشتر
action-copy = کاپی
action-copied = کاپی شد
pagination-previous = قبلی
pagination-next = بعدی
pagination-page = صفحه { $page } از { $pages }
unknown = نامعلوم
time-ago = { $duration } پیش
time-in = { $duration } بعد
# Dari keeps the noun singular after a number, so no plural variants are needed.
duration-seconds = { $count } ثانیه
duration-minutes = { $count } دقیقه
duration-hours = { $count } ساعت
duration-days = { $count } روز
# A running countdown, for example "۴ دقیقه و ۰۵ ثانیه".
duration-min-sec = { $minutes } دقیقه و { $seconds } ثانیه

## Languages a text can be written in

text-language = زبان متن
lang-en = انگلیسی
lang-ur = اردو
lang-ps = پشتو
lang-prs = دری
lang-ar = عربی
lang-tr = ترکی
lang-other = زبان دیگر

## Sign-in page

signin-title = ورود
signin-intro = شما با کلید خود وارد می‌شوید. سرور یک متن تأییدی می‌فرستد و کلید شما آن را در همین مرورگر امضا می‌کند؛ کلید خصوصی هرگز از دستگاه شما بیرون نمی‌رود.
signin-use-browser-key = استفاده از کلید ذخیره‌شده در این مرورگر
signin-no-browser-key = هیچ کلیدی در این مرورگر ذخیره نشده است.
signin-import-key = وارد کردن فایل کلید
signin-key-file = فایل کلید
signin-import-submit = وارد کردن
signin-create-key = ساختن کلید جدید
signin-create-help = یک کلید جدید در این مرورگر می‌سازد. تا ثبت‌نام نشود، نمی‌تواند چیزی را امضا کند.
signin-public-key = کلید عمومی شما
signin-fingerprint = اثر انگشت کلید
signin-enrolment = ثبت‌نام
signin-enrolment-explain = پیش از آن‌که کلید جدید چیزی را امضا کند، باید ثبت‌نام شود: کلید عمومی خود را به مدیر طرف خود بدهید تا آن را همراه با نقش شما در دفتر ثبت درج کند. میانجی‌ها مدیران طرف‌ها را ثبت‌نام می‌کنند.
signin-device-warning = هر کسی که بتواند از این پروفایل مرورگر استفاده کند، می‌تواند از کلید ذخیره‌شده در آن نیز استفاده کند. دستگاه را قفل نگه دارید.
signin-signing-in = در حال ورود…
signin-failed = ورود ناکام شد: این کلید ثبت‌نام نشده یا لغو شده است.
signin-expired = نشست شما پایان یافت. دوباره وارد شوید.

## Dashboard

dashboard-title = نمای کلی
map-title = نقشه
map-description = رویدادها در امتداد خط، بر اساس وضعیت
map-zoom-in = بزرگ‌نمایی
map-zoom-out = کوچک‌نمایی
map-pan = جابه‌جایی نقشه
map-pan-north = جابه‌جایی به شمال
map-pan-south = جابه‌جایی به جنوب
map-pan-east = جابه‌جایی به شرق
map-pan-west = جابه‌جایی به غرب
map-reset = بازگشت به نمای نخست
map-legend = راهنمای نقشه
counts-title = رویدادها بر اساس سکتور و طرف
counts-last-day = ۲۴ ساعت گذشته
counts-last-week = ۷ روز گذشته
counts-sector = سکتور
counts-party = طرف
counts-total = مجموع
counts-incidents = { $count } رویداد
crossing-board = وضعیت گذرگاه‌ها
open-messages = پیام‌های در انتظار تأیید
open-messages-none = هیچ پیامی در انتظار تأیید دریافت نیست.
overdue-title = معوق
overdue-responses = گزارش‌هایی که پاسخ آن‌ها از موعد گذشته است
overdue-investigations = تحقیقاتی که موعد آن‌ها گذشته است
overdue-signatures = یافته‌های در انتظار امضا
overdue-acknowledgements = پیام‌هایی که دریافت آن‌ها به موقع تأیید نشد
overdue-none = هیچ کاری معوق نیست.
overdue-by = { $duration } تأخیر
recent-incidents = رویدادهای اخیر

## Incident list: filters and columns

incidents-title = رویدادها
filters-title = فلترها
filter-sector = سکتور
filter-category = نوع
filter-party = طرف
filter-party-reporting = طرف گزارش‌دهنده
filter-party-accused = طرف مسئول ادعاشده
filter-status = وضعیت
filter-date-range = بازه زمانی
filter-date-from = از
filter-date-to = تا
filter-distance = فاصله از خط
filter-within-km = تا { $km } کیلومتری خط
filter-any = هر کدام
column-reference = شماره
column-occurred = زمان رویداد
column-reported = زمان گزارش
column-sector = سکتور
column-place = محل
column-category = نوع
column-title = عنوان
column-reporter = گزارش‌دهنده
column-accused = مسئول ادعاشده
column-casualties = کشته / زخمی
column-status = وضعیت
column-response-due = موعد پاسخ
column-proof = اثبات
incidents-count = { $count } رویداد
incidents-none = هیچ رویدادی با این فلترها مطابقت ندارد.
export-csv = خروجی CSV (ستون‌های ACLED)
export-geojson = خروجی GeoJSON

## Incident lifecycle

status-reported = گزارش‌شده
status-answered = پاسخ‌داده‌شده
status-disputed = مورد اختلاف
status-unanswered = بی‌پاسخ
status-under-investigation = در حال تحقیق
status-finding-final = یافته نهایی
status-closed = بسته‌شده
status-reported-help = ثبت شده و مهلت پاسخ آن هنوز باقی است؛ تاکنون پاسخی نیامده است.
status-answered-help = همه پاسخ‌ها تاکنون گزارش را می‌پذیرند.
status-disputed-help = دست‌کم یک پاسخ گزارش را تکذیب می‌کند، به آن اعتراض دارد یا ادعای متقابل مطرح می‌کند.
status-unanswered-help = پاسخی نیامده و مهلت پاسخ گذشته است.
status-under-investigation-help = یک تیم مشترک این رویداد را تحقیق می‌کند.
status-finding-final-help = یافته تیم مشترک همه امضاهای لازم را دارد.
status-closed-help = میانجی‌ها تحقیق را بسته‌اند.

## Incident page

incident-claim = ادعا
incident-reported-by = طرف گزارش‌دهنده: { $party }
incident-reported-on = تاریخ گزارش: { $date }
incident-occurred = زمان رویداد
incident-location = محل
incident-precision = با دقت { $metres } متر
incident-alleged-responsible = مسئول ادعاشده
incident-not-named = نام برده نشده
incident-casualties-claimed = تلفات ادعاشده
incident-narrative = شرح
incident-sources = منابع
incident-clauses = بندهایی که ادعای نقض آن‌ها شده است
incident-responses = پاسخ‌ها
incident-no-response = هنوز پاسخی نیامده است.
incident-response-due = موعد پاسخ: { $date }
incident-response-by = پاسخ { $party }
incident-finding = یافته
incident-no-finding = هنوز یافته‌ای نیست.
incident-versions = نسخه‌ها
incident-version = نسخه { $number }
incident-version-current = نسخه فعلی
incident-amended-on = تاریخ اصلاح: { $date }
incident-evidence = شواهد
incident-no-evidence = هیچ مدرکی پیوست نشده است.
incident-respond = پاسخ دادن
incident-amend = اصلاح گزارش
incident-attach-evidence = پیوست کردن شواهد
incident-open-investigation = آغاز تحقیق
original-language = زبان اصلی: { $language }
position-acknowledge = پذیرش
position-deny = تکذیب
position-contest = اعتراض
position-counter-claim = ادعای متقابل
casualties-killed = کشته
casualties-wounded = زخمی
casualties-military = نظامی
casualties-civilian = ملکی
casualties-range = { $best } (از { $low } تا { $high })
casualties-none = ادعای تلفاتی نشده است
evidence-sealed = مهر و موم‌شده: تنها اثر انگشت آن نمایش داده می‌شود
evidence-fingerprint = اثر انگشت SHA-256
evidence-size = اندازه
evidence-captured = زمان ثبت
evidence-source = منبع
evidence-download = دانلود (در زنجیره نگهداری ثبت می‌شود)
evidence-custody = زنجیره نگهداری
finding-conclusion = نتیجه
finding-attribution = مسئول شناخته‌شده
finding-confirmed-casualties = تلفات تأییدشده
finding-signatures = امضاها
finding-final = نهایی
finding-awaiting = در انتظار { $count } امضا
finding-concurs = موافق
finding-dissents = مخالف
finding-dissent-reasons = دلایل مخالفت
conclusion-verified = تأییدشده
conclusion-partly-verified = تا حدی تأییدشده
conclusion-unsubstantiated = اثبات‌نشده
conclusion-inconclusive = بی‌نتیجه
conclusion-not-attributable = تعیین مسئول ممکن نیست

## Proof badges: each statement's place in the log

proof-sequenced = به ترتیب ثبت شد
proof-sequenced-help = در جایگاه { $index } دفتر ثبت درج شده است.
proof-checkpointed = شامل نقطه تأیید
proof-checkpointed-help = شامل یک نقطه تأیید امضاشده از سوی دفتر ثبت، با { $size } درج.
proof-witnessed = گواهی‌شده از سوی شاهدان
proof-witnessed-help = شامل نقطه تأییدی که { $count } شاهد آن را هم‌امضا کرده‌اند.
proof-verify-here = بررسی در همین صفحه
proof-verifying = در حال بررسی…
proof-verified = اثبات شمول تأیید شد
proof-bundle = دانلود بستهٔ اثبات
proof-bundle-help = یک فایل با بیانیه، اثبات شمول آن و نقطهٔ بررسی امضاشده توسط شاهدان، که هر کس می‌تواند بدون انترنت بررسی کند.
proof-failed = اثبات شمول ناکام شد
signature-valid = امضا معتبر است
signature-invalid = امضا نامعتبر است

## Form: report an incident (also used to amend one)

report-title = گزارش یک رویداد
report-amend-title = اصلاح گزارش
report-intro = گزارش شما با کلید شما امضا و در دفتر ثبت درج می‌شود. حذف آن ممکن نیست؛ اصلاح، نسخه‌ای تازه است و نسخه‌های پیشین قابل دیدن می‌مانند.
report-when = چه زمانی
field-occurred-start = تاریخ و زمان
field-occurred-end = پایان (اختیاری)
field-time-precision = دقت زمان
precision-minute = تا دقیقه
precision-hour = تا ساعت
precision-day = تا روز
precision-week = در طول هفته
precision-month = در طول ماه
report-where = کجا
field-place = نزدیک‌ترین محل
field-latitude = عرض جغرافیایی
field-longitude = طول جغرافیایی
field-location-precision = دقت محل، به متر
field-pick-on-map = انتخاب روی نقشه
field-sector = سکتور
report-what = چه رخ داد
field-category = نوع
field-accused = طرف مسئول ادعاشده
field-accused-none = از هیچ طرفی نام برده نشود
field-clauses = بندهایی که ادعای نقض آن‌ها می‌شود
report-casualties = تلفات ادعاشده
field-killed = کشته
field-wounded = زخمی
field-military = نظامی
field-civilian = ملکی
field-count-low = کمترین
field-count-best = بهترین برآورد
field-count-high = بیشترین
field-title = عنوان
field-narrative = شرح
field-narrative-language = زبان شرح
field-sources = منابع
field-source-kind = نوع منبع
source-official = اعلامیه رسمی
source-media = رسانه
source-field = گزارش میدانی
source-social = رسانه‌های اجتماعی
source-other = دیگر
field-source-title = عنوان منبع
field-source-url = لینک
field-source-published = تاریخ نشر
action-add-source = افزودن منبع
action-remove-source = حذف این منبع
report-submit = امضا و ثبت گزارش
report-amend-submit = امضا و ثبت نسخه جدید
report-filed = گزارش ثبت شد و در دفتر ثبت نگهداری می‌شود.

## Form: respond to a report

respond-title = پاسخ به گزارش
respond-position = موضع
respond-acknowledge-help = شما گزارش را همان‌گونه که ثبت شده می‌پذیرید.
respond-deny-help = شما اعلام می‌کنید که رویداد آن‌گونه که گزارش شده رخ نداده است.
respond-contest-help = شما به بخشی از گزارش اعتراض دارید: زمان، محل، مسئولیت یا تلفات.
respond-counter-claim-help = شما روایت دیگری از آنچه رخ داده ارائه می‌کنید.
respond-narrative = روایت شما
respond-submit = امضا و فرستادن پاسخ
respond-sent = پاسخ ثبت شد.

## Form: attach evidence

evidence-title = پیوست کردن شواهد
evidence-file = فایل
evidence-capture-time = زمان ثبت
evidence-capture-place = محل ثبت
evidence-source-field = منبع (دستگاه، قطعه یا شخص)
evidence-visibility = چه کسی می‌تواند ببیند
visibility-public = عمومی
visibility-joint = مشترک: همه طرف‌ها و میانجی‌ها
visibility-mediators = فقط میانجی‌ها: برای طرف دیگر مهر و موم‌شده
visibility-party = فقط طرف خودی (پیش‌نویس)
evidence-hashing = در حال محاسبه اثر انگشت…
evidence-progress = { $percent }٪ بارگذاری شد
evidence-submit = امضا و ثبت شواهد
evidence-registered = شواهد ثبت شد.

## Form: open an investigation, notes, closing

investigation-title = آغاز تحقیق
investigation-name = عنوان
investigation-mandate = مأموریت
investigation-team = تیم
investigation-team-help = تیم باید شامل اعضای هر طرف و یک میانجی باشد.
investigation-due = موعد یافته
investigation-submit = امضا و آغاز تحقیق
investigation-opened = تحقیق آغاز شد.
investigation-notes = یادداشت‌ها
investigation-add-note = افزودن یادداشت
investigation-obstruction = ممانعت
obstruction-access-refused = دسترسی رد شد
obstruction-site-unreachable = محل قابل دسترسی نیست
obstruction-evidence-withheld = شواهد ارائه نشد
obstruction-witness-unavailable = شاهد در دسترس نیست
obstruction-other = ممانعت دیگر
investigation-close = بستن تحقیق
investigation-close-reason = دلیل بستن

## Form: draft and sign a finding

finding-draft-title = تهیه پیش‌نویس یافته
finding-summary = خلاصه
finding-breaches = نقض بندها
verdict-verified = تأیید شد
verdict-rejected = رد شد
finding-sign-title = امضای یافته
finding-your-position = موضع شما
stance-concur = موافقم
stance-dissent = مخالفم
finding-reasons = دلایل
finding-reasons-help = مخالفت باید با دلیل همراه باشد؛ دلایل در کنار یافته نمایش داده می‌شود.
finding-sign-submit = امضا
finding-signed = امضای شما ثبت شد.

## Validation messages

validation-form-errors = این فورم { $count } مشکل دارد.
validation-required = پر کردن این خانه لازمی است.
validation-latitude = عرض جغرافیایی باید میان { $min } و { $max } باشد.
validation-longitude = طول جغرافیایی باید میان { $min } و { $max } باشد.
validation-precision = دقت باید یک عدد کامل به متر، از { $min } تا { $max } باشد.
validation-end-before-start = پایان نمی‌تواند پیش از آغاز باشد.
validation-future = این زمان در آینده است.
validation-count = شمار باید یک عدد کامل از ۰ تا { $max } باشد.
validation-low-best-high = شمارها باید به این ترتیب باشند: کمترین، سپس بهترین برآورد، سپس بیشترین.
validation-too-long = حداکثر { $max } حرف.
validation-url = یک لینک کامل بنویسید که با https:// یا http:// آغاز شود.
validation-unknown-sector = این سکتور در این سیستم ثبت نیست.
validation-unknown-category = این نوع شناخته‌شده نیست.
validation-due-past = موعد باید در آینده باشد.
validation-team = تیم باید شامل اعضای هر طرف و یک میانجی باشد.
validation-reasons = مخالفت باید با دلیل همراه باشد.
validation-file-empty = فایل خالی است.
validation-file-too-large = فایل از حد { $mib } MiB بزرگ‌تر است.
validation-key-not-enrolled = این کلید ثبت‌نام نشده یا لغو شده است.
validation-not-allowed = نقش شما اجازه این کار را نمی‌دهد.
validation-signature = سرور نتوانست امضا را تأیید کند. هیچ چیزی ثبت نشد.

## Categories: the ceasefire kinds, then ACLED event types

category-cross-border-fire = تیراندازی فرامرزی
category-artillery-shelling = گلوله‌باری توپخانه
category-air-drone-strike = حمله هوایی یا پهپادی
category-airspace-violation = نقض حریم هوایی
category-infiltration = نفوذ
category-border-post-attack = حمله بر پوسته مرزی
category-ied = مواد انفجاری دست‌ساز (IED)
category-crossing-closure = بسته شدن گذرگاه
category-civilian-harm = آسیب به افراد ملکی
category-narcotics-activity = فعالیت مرتبط با مواد مخدر
category-armed-clash = درگیری مسلحانه
category-attack-on-civilians = حمله بر افراد ملکی
category-suicide-bomb = حمله انتحاری
category-abduction = آدم‌ربایی یا ناپدیدسازی اجباری
category-arrests = بازداشت‌ها
category-looting-property-destruction = چپاول یا تخریب دارایی
category-peaceful-protest = اعتراض مسالمت‌آمیز
category-violent-demonstration = تظاهرات خشونت‌آمیز
category-agreement = توافق
category-other = دیگر
category-group-ceasefire = نقض آتش‌بس
category-group-acled = رویدادهای دیگر (انواع ACLED)

## Hotline console

hotline-title = خط ارتباط مستقیم
hotline-live = زنده
hotline-reconnecting = در حال وصل شدن دوباره…
hotline-new-message = پیام جدید
hotline-type = نوع
msg-notice-of-fire = اطلاعیه تیراندازی
msg-cease-fire-request = درخواست توقف آتش
msg-prior-notice = اطلاع قبلی از فعالیت
msg-medevac-request = درخواست انتقال طبی
msg-crossing-notice = اطلاعیه گذرگاه
msg-check-in = تماس منظم
msg-free-text = متن آزاد
hotline-priority = اولویت
priority-flash = بسیار فوری
priority-immediate = فوری
priority-routine = عادی
hotline-from = فرستنده
hotline-to = گیرنده
hotline-sector = سکتور
hotline-place = محل
hotline-text = پیام
hotline-activity = فعالیت
hotline-activity-from = از
hotline-activity-until = تا
hotline-activity-area = ساحه
hotline-send = امضا و فرستادن
hotline-sent = پیام فرستاده شد.
hotline-acknowledge = تأیید دریافت
hotline-reply = پاسخ
hotline-reply-optional = پاسخ (اختیاری)
hotline-acknowledged = دریافت تأیید شد
hotline-acknowledged-by = { $member } در { $time } دریافت را تأیید کرد
hotline-awaiting = در انتظار تأیید دریافت
hotline-countdown = { $duration } برای تأیید دریافت باقی مانده
hotline-overdue = تأیید نشد: { $duration } تأخیر
hotline-escalated-backup = به افسران جانشین و قرارگاه ارجاع شد
hotline-escalated-mediators = به میانجی‌ها ارجاع شد
hotline-alarm = درخواست توقف آتش: همین حالا دریافت را تأیید کنید
hotline-alarm-silence = خاموش کردن هشدار
hotline-check-ins = تماس‌های منظم
hotline-check-in-ok = تماس منظم به موقع
hotline-check-in-missed = تماس منظم انجام نشد
hotline-check-in-last = آخرین تماس منظم: { $time }
hotline-check-in-next = تماس منظم بعدی: { $time }
hotline-roster = فهرست نوکریوالان
hotline-none = پیامی نیست.

## Crossings

crossings-title = گذرگاه‌ها
crossing-name = گذرگاه
crossing-status = وضعیت
crossing-open = باز
crossing-restricted = محدود
crossing-closed = بسته
crossing-since = از چه زمانی
crossing-since-date = از { $date }
crossing-reason = دلیل
crossing-set-by = اعلام‌کننده
crossing-history = پیشینه
crossing-update = تغییر وضعیت
crossing-update-submit = امضا و تغییر
crossings-lede = هر طرف دروازهٔ خود را خودش، برای هر نوع رفت‌وآمد جداگانه، تعیین می‌کند. یک نوع تنها جایی می‌گذرد که هر دو طرف اجازه دهند.
crossing-classes-of = رفت‌وآمد در { $crossing }
traffic-class = رفت‌وآمد
traffic-all = همهٔ رفت‌وآمد
traffic-trade = تجارت
traffic-transit = تجارت ترانزیتی
traffic-pedestrians = عابرین پیاده
traffic-returnees = عودت‌کنندگان
traffic-humanitarian = کمک‌های بشری و محموله‌های سازمان ملل
crossing-side-of = طرف { $party }
crossing-together = هر دو طرف
crossing-one-way = یک‌طرفه، به سوی { $party }
crossing-direction = جهت
crossing-both-ways = هر دو جهت
crossing-into = تنها به سوی { $party }
crossing-whole-border = تمام سرحد
crossing-notice = اطلاع خط تماس به طرف دیگر
crossing-no-notice-named = هیچ
crossing-no-notice = هیچ اطلاعی از خط تماس به طرف دیگر ثبت نشده است.
crossing-notice-sent = اطلاع به { $parties } در { $time } فرستاده شد:
crossing-notice-acked = { $party } در { $time } دریافت را تأیید کرد.
crossing-notice-unacked = دریافت تأیید نشده است.
exceptions-title = استثناها
exception-heading = { $class }، منظورشده از سوی { $party }
exception-counted = { $passed } از { $quota } { $unit } گذشته است
exception-phase =
    { $count ->
       *[other] مرحلهٔ { $count }
    }
exception-phase-col = مرحله
exception-from = از
exception-until = تا
exception-passed = گذشته
exception-new = منظوری یک استثنا
exception-unit = واحد شمارش
exception-purpose = هدف
exception-phases = مراحل و سهمیه‌ها
exception-quota = سهمیه
exception-submit = امضا و منظوری
unit-containers = کانتینر
unit-trucks = لاری
unit-vehicles = موتر
unit-people = نفر
passage-count = تعداد گذشته
passage-at = چه وقت
passage-submit = امضا و شمارش
figures-title = ارقام گزارش‌شده
figures-border-title = ارقام تمام سرحد
figures-help = ارقامی که دیگران (تاجران، اتاق‌های تجارت، رسانه‌ها) داده‌اند، با منبع‌شان ثبت شده؛ این سازوکار آن‌ها را تضمین نمی‌کند.
figure-source = منبع:
figure-new = ثبت یک رقم گزارش‌شده
figure-measure = رقم
figure-value = مقدار
figure-as-of = تا تاریخ
figure-source-name = منبع
figure-source-url = پیوند منبع
figure-submit = امضا و ثبت
measure-trucks-stranded = لاری‌های متوقف‌مانده
measure-containers-stranded = کانتینرهای متوقف‌مانده
measure-people-stranded = افراد متوقف‌مانده
measure-days-closed = روزهای بسته بودن
report-days-closed-by-class = روزهای بسته بودن، به تفکیک نوع رفت‌وآمد

## Commitments

commitments-title = تعهدات
commitment-agreement = توافق‌نامه
commitment-clause = بند
commitment-owed-by = طرف متعهد
commitment-alleged = ادعاشده
commitment-verified = تأییدشده
commitment-rejected = ردشده
commitment-incidents = رویدادهایی که ادعای نقض این بند در آن‌ها شده است
commitment-breaches = { $count } مورد نقض

## Log explorer

log-title = دفتر ثبت شفاف
log-intro = هر اظهاریه یک درج در این دفتر ثبت است که تنها می‌توان به آن افزود. هر کسی می‌تواند بررسی کند که یک درج در آن شامل است و دفتر هرگز بازنویسی نشده است.
log-checkpoint = نقطه تأیید
log-latest = آخرین نقطه تأیید
log-witnessed = آخرین نقطه تأیید گواهی‌شده از سوی شاهدان
log-size = اندازه
log-entries = { $count } درج
log-root = هش ریشه
log-witnesses = شاهدان
log-cosigned = هم‌امضاشده
log-not-cosigned = هم‌امضا نشده
log-cosigned-count = { $count } از { $total } شاهد هم‌امضا کرده‌اند
log-quorum = حد نصاب: { $count } از { $total }
log-lookup = جستجوی یک درج
log-lookup-hint = شناسه اظهاریه یا جایگاه در دفتر ثبت
log-lookup-submit = جستجو
log-entry = درج { $index }
log-entry-kind = نوع اظهاریه
log-entry-signer = امضاکننده
log-entry-time = زمان امضا
log-entry-not-found = هیچ درجی با این شناسه یا جایگاه نیست.
log-proof-verified = اثبات شمول تأیید شد
log-proof-failed = اثبات شمول ناکام شد
log-download-checkpoint = دانلود نقطه تأیید (یادداشت امضاشده)

## Added with the forms, the console and the members page

nav-members = اعضا
form-not-accepted = پذیرفته نشد:
map-click-to-report = یا روی نقشه جایی را کلیک کنید که رویداد در آن رخ داده است
hotline-members-only = پیام‌های خط تماس فقط به اعضای واردشده نشان داده می‌شود.
incidents-all = همه رویدادها، با فلترها
filter-ignored = این فلترها فهمیده نشدند و اعمال نشدند:
validation-date = تاریخ را این‌گونه بنویسید: 2025-10-19
report-who-may = فقط اعضایی که نقش گزارشگر دارند می‌توانند گزارش ثبت کنند.
signing-needs-script = امضا به جاوااسکریپت نیاز دارد: کلید شما در همین مرورگر امضا می‌کند و هرگز از آن بیرون نمی‌رود.
signin-forget-key = کلید را از این مرورگر حذف کنید
signin-your-name = نام شما
signin-your-party = طرف شما
members-title = اعضا
members-name = نام
members-roles = نقش‌ها
members-active = فعال
members-revoked = لغوشده
members-enrol = ثبت کلید یک عضو
members-enrol-help = کلید عمومی‌ای را که مرورگر عضو یا CLI نشان می‌دهد اینجا بچسپانید. ثبت با کلید شما امضا و در لاگ عمومی درج می‌شود.
members-enrol-submit = امضا و ثبت کنید
log-entry-id = شناسه بیانیه
log-entry-logged = زمان ثبت در لاگ
log-proof-json = اثبات شمول (JSON)
log-statement-json = بیانیه (JSON)
counts-none = در هفت روز گذشته هیچ رویدادی نبوده است.
map-reference-show = نمایش رویدادهای مرجع
map-reference-hide = پنهان کردن رویدادهای مرجع
map-reference-legend = رویداد مرجع (ادعای هیچ طرفی نیست)
map-reference-attribution = مربع‌های خاکستری: رویدادهای مرجع در فاصله ۲۵ کیلومتری خط از داده‌های بیرونی، به‌عنوان زمینه نشان داده شده‌اند، نه به‌عنوان ادعای طرف‌ها. منبع و مجوز:
hotline-event-message = پیام
hotline-event-ack = تأیید
hotline-event-escalation = ارجاع به سطح بالاتر
hotline-events-title = رویدادها به ترتیب رسیدن
members-key = کلید عمومی
export-jsonl = صدور به صورت سطرهای JSON
nav-reports = گزارش‌ها
report-daily-title = گزارش روزانه
report-weekly-title = گزارش هفته‌وار
report-period = دوره
report-cutoff = زمان پایان
report-date = روز پایان دوره
report-checkpoint = از این نقطه تأیید لاگ محاسبه شده (اندازه · هش ریشه):
report-summary = خلاصه
report-incidents = رویدادهای گزارش‌شده
report-previous = دوره قبلی
report-this-period = این دوره
report-answered = گزارش‌هایی که پاسخ گرفته‌اند
report-overdue = گزارش‌هایی که در مهلت پاسخ نگرفته‌اند
report-legend = آبی: این دوره. خاکستری: دوره قبلی. ارقام فقط آنچه را شما می‌توانید ببینید دربر دارد.
report-none = در این دوره هیچ.
report-by-sector = رویدادها بر اساس سکتور
report-by-category = رویدادها بر اساس نوع
report-by-reporter = رویدادها بر اساس طرف گزارش‌دهنده
report-by-accused = رویدادها بر اساس طرف متهم
report-findings = یافته‌های صادرشده، بر اساس نتیجه
report-verified-by-party = یافته‌های تأییدشده، بر اساس طرف مسئول
report-per-day = رویدادها در هر روز
report-changes = تغییرات
report-days-closed = روزهای بسته بودن
report-hotline-messages = پیام‌ها
report-hotline-acknowledged = تأییدشده
report-hotline-median-ack = زمان میانه تأیید
report-hotline-max-ack = طولانی‌ترین زمان تأیید
report-reference = رویدادهای مرجع در فاصله ۲۵ کیلومتری خط
report-reference-help = از داده‌های بیرونی (UCDP GED، ACLED)، برای زمینه: ادعای طرف‌ها نیستند.
report-source = منبع
report-custom-title = گزارش دوره انتخابی
report-days = روزها

# Notices of hotline messages and escalations, by email and webhook.
notice-subject = [جرگه] { $type } از طرف { $from } · { $sector }
notice-escalated-subject = [جرگه] تأیید نشد، به شما ارجاع شد: { $type } از طرف { $from } · { $sector }
notice-sent-at = ارسال شده { $time }
notice-was-due = مهلت تأیید { $time }
notice-open-console = در کنسول خط تماس فوری تأیید کنید:
notice-statement = بیانیه
deliveries-title = اطلاعیه‌های فرستاده‌شده
delivery-delivered = از طریق { $channel } به { $member } ({ $to }) در { $time } رسید
delivery-pending = در حال فرستادن از طریق { $channel } به { $member } ({ $to })
delivery-retrying = از طریق { $channel } به { $member } ({ $to }) هنوز نرسیده؛ تلاش‌های ناموفق: { $attempts }؛ آخرین خطا: { $error }
delivery-failed = از طریق { $channel } به { $member } ({ $to }) نرسید؛ پس از { $attempts } تلاش رها شد؛ آخرین خطا: { $error }
delivery-settled = از طریق { $channel } به { $member } فرستاده نشد: پیش از آن تأیید شد
channel-email = ایمیل
channel-webhook = وب‌هوک
statement-signed-at = امضا { $time }، بعداً فرستاده شد
outbox-title = در انتظار فرستادن
outbox-queued = در صف: وقتی ارتباط برگردد فرستاده می‌شود
outbox-sent = فرستاده شد: در انتظار چک‌پوینت بعدی
outbox-logged = در لاگ، در یک چک‌پوینت امضاشده
outbox-refused = سرور رد کرد:
outbox-signed = امضا { $time }
form-queued = ارتباط نیست: امضا و در صف گذاشته شد. وقتی ارتباط برگردد، به ترتیب فرستاده می‌شود.
offline-stale = آفلاین: این صفحه همان‌گونه است که در { $time } بود.

## Windows of silence

nav-windows = وقفه‌های خاموشی
windows-title = وقفه‌های خاموشی
windows-title-one = وقفهٔ خاموشی
windows-lede = آتش‌بس محلی به درخواست یک طرف یا میانجی، تا گروه ترمیم کار کند، زخمیان انتقال یابند، کاروان بگذرد یا بقایای اجساد بازیابی شود. تنها زمانی نافذ است که هر دو طرف موافقت کنند؛ هر رویداد در داخل آن هنگام نفاذ، نقض وقفه است.
windows-map = وقفه‌های خاموشی که هنوز پایان نیافته‌اند
windows-none = هیچ وقفهٔ خاموشی درخواست نشده است.
window-present = چه کسانی حضور خواهند داشت
window-requested-by = به درخواست { $party }
window-agreed-by = موافقت { $parties }
window-awaiting = در انتظار موافقت { $parties }
window-violations =
    { $count ->
        [one] { $count } رویداد در داخل وقفه هنگام نفاذ:
       *[other] { $count } رویداد در داخل وقفه هنگام نفاذ:
    }
window-reply = پاسخ
window-agree = امضا و موافقت
window-new = درخواست وقفهٔ خاموشی
window-purpose = هدف
window-start = آغاز
window-end = پایان
window-text = چه خواهد شد، و در کجا
window-submit = امضا و درخواست
window-purpose-repair-crew = گروه ترمیم
window-purpose-medical-evacuation = انتقال طبی
window-purpose-humanitarian-convoy = کاروان بشری
window-purpose-recovery-of-remains = بازیابی بقایای اجساد
window-purpose-other = دیگر
window-stage-awaiting = در انتظار موافقت
window-stage-agreed = موافقت‌شده، هنوز آغاز نشده
window-stage-under-way = اکنون نافذ
window-stage-over = پایان یافته
window-stage-lapsed = بدون موافقت سپری شد
hotline-event-window = وقفهٔ خاموشی
msg-window-started = وقفهٔ خاموشی آغاز شد
msg-window-ended = وقفهٔ خاموشی پایان یافت
notice-window-subject = [جرگه] { $type } · { $sector }
incident-in-window = در داخل وقفهٔ خاموشی نافذ گزارش شده: نقض وقفه.
report-windows = وقفه‌های خاموشی
report-window-violations = رویدادها در داخل وقفهٔ نافذ

## One event, several claims

events-title = رویدادها و ادعاهای آن‌ها
events-lede = اغلب هر دو طرف یک تبادل آتش را گزارش می‌دهند و هر کدام می‌گوید طرف دیگر آغاز کرد. میانجی چنین ادعاهایی را به عنوان یک رویداد پیوند می‌دهد؛ هر ادعا همان‌گونه که طرفش امضا کرده باقی می‌ماند، کنار هم، و در شمارش رویداد یک بار حساب می‌شود.
events-link-hint = ادعاهایی که به عنوان یک رویداد پیوند داده شده‌اند، و جفت‌هایی که یک رویداد به نظر می‌رسند.
events-suggested = جفت‌هایی که یک رویداد به نظر می‌رسند
events-no-suggestion = هیچ جفتی یک رویداد به نظر نمی‌رسد.
events-linked = رویدادهای پیوندشده
events-none = هیچ ادعایی به عنوان یک رویداد پیوند داده نشده است.
event-heading = یک رویداد، { $count } ادعا، پیوندشده از سوی { $party }
event-hidden =
    { $count ->
        [one] { $count } ادعای دیگر که شما نمی‌توانید بخوانید
       *[other] { $count } ادعای دیگر که شما نمی‌توانید بخوانید
    }
event-apart = { $km } کیلومتر و { $minutes } دقیقه فاصله؛ هر کدام گزارش‌دهندهٔ دیگری را متهم می‌کند
event-claim-by = ادعای { $party }
event-accuses = { $party } را متهم می‌کند
event-note = یادداشت
event-link = امضا و پیوند به عنوان یک رویداد
event-claims =
    { $count ->
        [one] یک رویداد · { $count } ادعا
       *[other] یک رویداد · { $count } ادعا
    }
event-side-by-side = ادعاها را کنار هم ببینید.
incident-duplicate-badge = تکرار
incident-duplicate-of = طرفش آن را تکرار گزارش پیشین خود علامت زده است (بازکنید).
duplicate-title = تکرار گزارش طرف شما؟
duplicate-help = این گزارش را تکرار یکی از گزارش‌های پیشین و نزدیک طرف خود علامت بزنید: در سابقه می‌ماند اما دوباره شمرده نمی‌شود.
duplicate-of = گزارش پیشین
duplicate-submit = امضا و علامت‌گذاری به عنوان تکرار
report-claims = ادعاها (گزارش‌های هر طرف)
report-duplicates = تکرارها، شمرده نمی‌شوند

## From finding to consequence

record-lede = برای هر ماده و طرف: اتهام‌های نقض در گزارش‌ها، تأییدشده یا ردشده با یافته‌های نهایی، و آن‌هایی که مسئولیتشان تعیین نشد؛ نقض‌هایی که میانجی‌ها گزارش دادند؛ و اقدامات اصلاحی که طرف مسئول تعهد کرد، سررسیده، انجام‌شده یا معوق.
record-not-attributable = مسئولیت تعیین نشد
record-violations = نقض‌های گزارش‌شده
record-remedial-due = اقدام اصلاحی در موعد
record-remedial-done = اقدام اصلاحی انجام‌شده
record-remedial-overdue = اقدام اصلاحی معوق
violations-title = نقض‌ها و پیامدهای آن‌ها
violations-none = هیچ نقضی بر یافتهٔ نهایی گزارش نشده است.
violation-responsible = مسئول: { $party }
violation-incident = رویداد
violation-quorum = تأیید { $endorsed } از { $quorum } کرسی لازم کمیته
step-violation-report = گزارش نقض (میانجی‌ها)
step-violation-endorse = تأیید
step-violation-reply = پاسخ و اقدام اصلاحی
step-violation-decision = تصمیم
step-violation-follow-up = پیگیری
follow-up-done = انجام شد
follow-up-not-done = انجام نشد
violation-endorse = امضا و تأیید از سوی طرف خود
violation-remedial-action = اقدام اصلاحی که طرف شما تعهد می‌کند
violation-due = تا تاریخ
violation-reply = امضا و پاسخ
violation-measure = اقدامی که موافقت‌نامه پیش‌بینی کرده
violation-decision-text = تصمیم
violation-decide = امضای تصمیم
violation-done = آیا اقدام اصلاحی انجام شد؟
violation-follow-up-text = آنچه دیده شد
violation-follow-up = امضای پیگیری
violation-new = گزارش نقض بر یافتهٔ نهایی
violation-summary = نقض، به سخن میانجی‌ها
violation-report = امضا و گزارش نقض

# Obligations, deliverables and the actor register (issue 16)
obligations-link = مکلفیت‌های اقدام و اقدامات مشخص آن‌ها: گزارش‌شده، راستی‌آزمایی‌شده، از موعد گذشته
obligations-title = مکلفیت‌ها و اقدامات مشخص
obligations-lede = توافق‌ها هر طرف را به چه مکلف می‌کنند: آن طرف چه گزارش داد، طرف دیگر چه پاسخ داد، بازدیدهای میانجی‌ها چه یافتند، و نتیجه‌ای که تیم راستی‌آزمایی امضا کرد، با نظر مخالف در کنارش.
obligation-status-due = سررسیده
obligation-status-overdue = از موعد گذشته
obligation-status-reported = گزارش‌شده
obligation-status-verifying = در حال راستی‌آزمایی
obligation-status-verified = راستی‌آزمایی‌شده
obligation-refusals = بازدیدهای ردشده
obligation-obliged = { $party } مکلف است
obligation-due-on = موعد { $date }
obligation-measure = شیوهٔ سنجش
step-performance-report = گزارش اجرا
step-performance-answer = پاسخ
step-verification-visit = بازدید یا بررسی راستی‌آزمایی
step-verification-access = دسترسی
step-deliverable-outcome = نتیجه
step-deliverable-sign = امضا
done-done = انجام شد
done-partly-done = تا حدی انجام شد
done-not-done = انجام نشد
answer-accept = پذیرفته
answer-dispute = مورد اعتراض
access-granted = داده شد
access-partial = تا حدی داده شد
access-refused = رد شد
outcome-met = انجام‌شده
outcome-partly-met = تا حدی انجام‌شده
outcome-unmet = انجام‌نشده
outcome-not-verifiable = غیرقابل راستی‌آزمایی
outcome-final = نهایی
outcome-draft = نهایی نیست: در انتظار موافقت
outcome-concur = موافق
outcome-dissent = مخالف
outcome-sign = نتیجه را امضا کنید
outcome-reasons = دلایل (برای مخالفت لازم)
performance-file = گزارش اجرا ثبت کنید
performance-done = چه انجام شد
performance-account = شرح
performance-answer = به این گزارش پاسخ دهید
incident-actor = گروه ادعاشده
incident-launched-from = محل آغاز (ادعاشده)
incident-disputes = اعتراض: { $parts }
field-actor = گروه عامل ادعاشده
field-launched-from = قلمرویی که از آن آغاز شد
filter-actor = گروه ادعاشده
claim-part-occurred = زمان
claim-part-location = مکان
claim-part-category = دسته
claim-part-casualties = تلفات
claim-part-accused = طرف مسئول ادعاشده
claim-part-actor = گروه نام‌برده
claim-part-launched-from = قلمرو نام‌برده

# Signed translations (issue 16)
translation-by = ترجمه به { $lang } از { $party } ({ $name })؛ متن اصلی معتبر است
translation-disputed = اعتراض { $party }: { $reason }
translation-original = متن اصلی، همان‌گونه که نوشته شد
translation-add = به زبان این صفحه ترجمه کنید
translation-title = عنوان ترجمه‌شده
translation-narrative = شرح ترجمه‌شده
translation-submit = امضا کنید و ترجمه را بیفزایید
translation-dispute = به این ترجمه اعتراض کنید
translation-dispute-reason = ترجمه در چه چیزی نادرست است
report-by-actor = ادعاهایی که از گروه مسلح یا بازیگر دیگری نام می‌برند
report-deliverable = اقدام مشخص
report-due = موعد
# The actor register (issue 16)
actors-title = گروه‌های مسلح و بازیگران دیگر
actors-help = فهرستی که میانجی‌ها نگه می‌دارند. اینکه چه کسی از گروهی حمایت یا میزبانی می‌کند ادعای هر طرف است، نه یافته.
actor-name = نام
actor-type = نوع (ACLED)
actor-said = آنچه هر طرف می‌گوید
actor-incidents = رویدادهایی که از آن نام می‌برند
actor-said-hosts = { $by } می‌گوید { $party } میزبان آن است
actor-said-supports = { $by } می‌گوید { $party } از آن حمایت می‌کند
actor-said-denies = { $by } می‌گوید { $party } نه از آن حمایت می‌کند و نه میزبان آن است
actor-inter-2 = گروه شورشی
actor-inter-3 = شبه‌نظامی سیاسی
actor-inter-4 = شبه‌نظامی هویتی
actor-inter-5 = آشوبگران
actor-inter-6 = معترضان
actor-inter-7 = غیرنظامیان
actor-inter-8 = نیروهای خارجی یا دیگر
access-record = دسترسی داده‌شده را ثبت کنید
access-party = طرفی که دسترسی داد یا رد کرد
access-note = چه پیش آمد
visit-schedule = بازدید یا بررسی را زمان‌بندی کنید
visit-method = شیوه
visit-planned = چه وقت
visit-place = کجا
method-visit = بازدید
method-remote-check = بررسی از راه دور
method-document-review = بررسی اسناد
outcome-draft-title = پیش‌نویس نتیجه را بنویسید
outcome-summary = راستی‌آزمایی چه چیزی را ثابت کرد
outcome-rests-on = بازدیدها و گزارش‌هایی که بر آن‌ها استوار است
respond-choose = موضع طرف خود را برگزینید
incident-finding-not-yours = یافته‌ای وجود دارد؛ برای اعضای طرف‌ها و میانجی‌هاست.
casualties-not-given = ذکر نشده
