### Jirga web interface: Pashto (Afghan usage and orthography).
### Same messages and variables as en/jirga.ftl. Digits: Extended Arabic-Indic (۰-۹), as the
### loader formats numbers for ps; digits written in these texts use them too.
### Register: neutral, official. "کرښه" is the line; crossing points are "بندر" as in Afghan usage.

-brand-name = جرګه

## Site chrome

app-name = { -brand-name }
app-tagline = د اوربند ګډه څارنه
skip-to-content = اصلي منځپانګې ته ورشئ
nav-main = اصلي مینو
nav-dashboard = عمومي کتنه
nav-incidents = پېښې
nav-hotline = مستقیمه اړیکه
nav-crossings = بندرونه
nav-commitments = ژمنې
nav-log = ریکارډ
sign-in = ننوتل
sign-out = وتل
signed-in-as = د { $member } په نوم ننوتي یاست
language = ژبه
language-switch = ژبه بدله کړئ
zone-switch = د وخت سیمه
footer-record = دلته هر بیان د خپل لیکوال له خوا لاسلیک شوی او په یوه عامه ریکارډ کې ساتل کېږي چې شاهدان یې څاري.
loading = راوړل کېږي…
connection-lost = اړیکه پرې شوه. بیا نښلول کېږي…
error-not-found = پاڼه و نه موندل شوه.
error-forbidden = ستاسو اړخ او دنده تاسو ته د دې پاڼې د لیدو اجازه نه ورکوي.
error-unavailable = خدمت د لږ وخت لپاره نشته. لږ وروسته بیا هڅه وکړئ.
error-unexpected = یوه ستونزه رامنځته شوه. هېڅ شی ثبت نه شو.

## Roles and kinds of participant

role-admin = مدیر
role-reporter = راپور ورکوونکی
role-liaison = د اړیکو افسر
role-duty-officer = نوکریوال افسر
role-investigator = څېړونکی
role-spokesperson = ویاند
role-observer = څارونکی
party-kind-party = اړخ
party-kind-mediator = منځګړی
party-kind-observer = څارونکی

## Common actions, times and durations

action-save = خوندي کړئ
action-cancel = لغوه کړئ
action-back = شاته
action-apply = پلي کړئ
action-clear = پاک کړئ
action-show-more = نور وښایاست
action-copy = کاپي کړئ
action-copied = کاپي شو
pagination-previous = مخکنی
pagination-next = راتلونکی
pagination-page = پاڼه { $page } له { $pages } څخه
unknown = نامعلوم
time-ago = { $duration } مخکې
time-in = { $duration } وروسته
duration-seconds =
    { $count ->
        [one] { $count } ثانیه
       *[other] { $count } ثانیې
    }
duration-minutes =
    { $count ->
        [one] { $count } دقیقه
       *[other] { $count } دقیقې
    }
duration-hours =
    { $count ->
        [one] { $count } ساعت
       *[other] { $count } ساعته
    }
duration-days =
    { $count ->
        [one] { $count } ورځ
       *[other] { $count } ورځې
    }
# A running countdown, for example "۴ دقیقې ۰۵ ثانیې".
duration-min-sec = { $minutes } دقیقې { $seconds } ثانیې

## Languages a text can be written in

text-language = د متن ژبه
lang-en = انګلیسي
lang-ur = اردو
lang-ps = پښتو
lang-prs = دري
lang-ar = عربي
lang-tr = ترکي
lang-other = بله ژبه

## Sign-in page

signin-title = ننوتل
signin-intro = تاسو په خپل کیلي ننوځئ. سرور د تایید یو متن لېږي او ستاسو کیلي یې په همدې براوزر کې لاسلیکوي؛ شخصي کیلي هېڅکله ستاسو له وسیلې نه وځي.
signin-use-browser-key = په دې براوزر کې خوندي کیلي وکاروئ
signin-no-browser-key = په دې براوزر کې هېڅ کیلي نه ده خوندي شوې.
signin-import-key = د کیلي فایل راوړئ
signin-key-file = د کیلي فایل
signin-import-submit = راوړئ
signin-create-key = نوې کیلي جوړه کړئ
signin-create-help = په دې براوزر کې نوې کیلي جوړوي. تر نوم لیکنې مخکې هېڅ شی نه شي لاسلیک کولی.
signin-public-key = ستاسو عامه کیلي
signin-fingerprint = د کیلي ګوتنښه
signin-enrolment = نوم لیکنه
signin-enrolment-explain = مخکې له دې چې نوې کیلي څه لاسلیک کړي، باید نوم لیکنه یې وشي: خپله عامه کیلي د خپل اړخ مدیر ته ورکړئ، هغه یې ستاسو له دندې سره یوځای په ریکارډ کې ثبتوي. منځګړي د اړخونو د مدیرانو نوم لیکنه کوي.
signin-device-warning = هر څوک چې دا براوزر پروفایل کارولی شي، په هغه کې خوندي کیلي هم کارولی شي. وسیله تړلې وساتئ.
signin-signing-in = ننوتل روان دي…
signin-failed = ننوتل ناکام شول: دا کیلي نوم لیکنه شوې نه ده، یا لغوه شوې ده.
signin-expired = ستاسو ناسته پای ته ورسېده. بیا ننوځئ.

## Dashboard

dashboard-title = عمومي کتنه
map-title = نقشه
map-description = د کرښې په اوږدو کې پېښې، د حالت له مخې
map-zoom-in = لوی یې کړئ
map-zoom-out = کوچنی یې کړئ
map-pan = نقشه وښوروئ
map-pan-north = شمال ته یې وښوروئ
map-pan-south = جنوب ته یې وښوروئ
map-pan-east = ختیځ ته یې وښوروئ
map-pan-west = لوېدیځ ته یې وښوروئ
map-reset = لومړنۍ بڼې ته یې راوګرځوئ
map-legend = د نښو تشریح
counts-title = د سکتور او اړخ له مخې پېښې
counts-last-day = وروستي ۲۴ ساعته
counts-last-week = وروستۍ ۷ ورځې
counts-sector = سکتور
counts-party = اړخ
counts-total = ټول
counts-incidents =
    { $count ->
        [one] { $count } پېښه
       *[other] { $count } پېښې
    }
crossing-board = د بندرونو حالت
open-messages = د تایید په تمه پیغامونه
open-messages-none = هېڅ پیغام د رسېدو د تایید په تمه نه دی.
overdue-title = ځنډېدلي
overdue-responses = هغه راپورونه چې ځواب یې له ټاکلې نېټې ځنډېدلی
overdue-investigations = هغه څېړنې چې ټاکلې نېټه یې تېره شوې
overdue-signatures = هغه موندنې چې د لاسلیکونو په تمه دي
overdue-acknowledgements = هغه پیغامونه چې رسېدل یې په وخت تایید نه شول
overdue-none = هېڅ شی ځنډېدلی نه دی.
overdue-by = { $duration } ځنډ
recent-incidents = وروستۍ پېښې

## Incident list: filters and columns

incidents-title = پېښې
filters-title = فلټرونه
filter-sector = سکتور
filter-category = ډول
filter-party = اړخ
filter-party-reporting = راپور ورکوونکی اړخ
filter-party-accused = ادعا شوی مسؤل اړخ
filter-status = حالت
filter-date-range = موده
filter-date-from = له
filter-date-to = تر
filter-distance = له کرښې واټن
filter-within-km = له کرښې تر { $km } کیلومترو دننه
filter-any = هر یو
column-reference = حواله
column-occurred = د پېښې وخت
column-reported = د راپور وخت
column-sector = سکتور
column-place = ځای
column-category = ډول
column-title = سرلیک
column-reporter = راپور ورکوونکی
column-accused = ادعا شوی مسؤل
column-casualties = وژل شوي / ټپیان
column-status = حالت
column-response-due = د ځواب وروستۍ نېټه
column-proof = ثبوت
incidents-count =
    { $count ->
        [one] { $count } پېښه
       *[other] { $count } پېښې
    }
incidents-none = له دې فلټرونو سره سمه هېڅ پېښه نشته.
export-csv = د CSV په بڼه یې وباسئ (د ACLED ستنې)
export-geojson = د GeoJSON په بڼه یې وباسئ

## Incident lifecycle

status-reported = راپور شوې
status-answered = ځواب شوې
status-disputed = متنازعه
status-unanswered = بې ځوابه
status-under-investigation = تر څېړنې لاندې
status-finding-final = موندنه وروستۍ شوې
status-closed = تړل شوې
status-reported-help = ثبت شوې او د ځواب موده یې لا پاتې ده؛ تر اوسه ځواب نه دی ورکړل شوی.
status-answered-help = تر اوسه ټول ځوابونه راپور مني.
status-disputed-help = لږ تر لږه یو ځواب راپور ردوي، پرې اعتراض کوي یا متقابله ادعا وړاندې کوي.
status-unanswered-help = ځواب نه دی ورکړل شوی او د ځواب موده تېره شوې ده.
status-under-investigation-help = یو ګډ ټیم د دې پېښې څېړنه کوي.
status-finding-final-help = د ګډ ټیم پر موندنه ټول اړین لاسلیکونه شوي دي.
status-closed-help = منځګړو څېړنه تړلې ده.

## Incident page

incident-claim = ادعا
incident-reported-by = راپور ورکوونکی اړخ: { $party }
incident-reported-on = د راپور نېټه: { $date }
incident-occurred = د پېښې وخت
incident-location = ځای
incident-precision = د { $metres } مترو په دننه کې
incident-alleged-responsible = ادعا شوی مسؤل
incident-not-named = نوم نه دی اخیستل شوی
incident-casualties-claimed = ادعا شوې مرګ ژوبله
incident-narrative = شرح
incident-sources = سرچینې
incident-clauses = هغه بندونه چې د سرغړونې ادعا یې شوې
incident-responses = ځوابونه
incident-no-response = تر اوسه ځواب نشته.
incident-response-due = د ځواب وروستۍ نېټه: { $date }
incident-response-by = د { $party } ځواب
incident-finding = موندنه
incident-no-finding = تر اوسه موندنه نشته.
incident-versions = نسخې
incident-version = نسخه { $number }
incident-version-current = اوسنۍ نسخه
incident-amended-on = د تعدیل نېټه: { $date }
incident-evidence = شواهد
incident-no-evidence = هېڅ شواهد نه دي ضمیمه شوي.
incident-respond = ځواب ورکړئ
incident-amend = راپور تعدیل کړئ
incident-attach-evidence = شواهد ضمیمه کړئ
incident-open-investigation = څېړنه پیل کړئ
original-language = اصلي ژبه: { $language }
position-acknowledge = منل
position-deny = ردول
position-contest = اعتراض
position-counter-claim = متقابله ادعا
casualties-killed = وژل شوي
casualties-wounded = ټپیان
casualties-military = نظامي
casualties-civilian = ملکي
casualties-range = { $best } (له { $low } څخه تر { $high } پورې)
casualties-none = د مرګ ژوبلې ادعا نه ده شوې
evidence-sealed = مهر شوی: یوازې ګوتنښه یې ښودل کېږي
evidence-fingerprint = SHA-256 ګوتنښه
evidence-size = اندازه
evidence-captured = د ثبت وخت
evidence-source = سرچینه
evidence-download = ښکته کړئ (د تحویل په لړۍ کې ثبتېږي)
evidence-custody = د تحویل لړۍ
finding-conclusion = پایله
finding-attribution = مسؤل ګڼل شوی اړخ
finding-confirmed-casualties = تایید شوې مرګ ژوبله
finding-signatures = لاسلیکونه
finding-final = وروستۍ
finding-awaiting =
    { $count ->
        [one] د { $count } لاسلیک په تمه
       *[other] د { $count } لاسلیکونو په تمه
    }
finding-concurs = موافق دی
finding-dissents = مخالف دی
finding-dissent-reasons = د مخالفت دلایل
conclusion-verified = تایید شوې
conclusion-partly-verified = تر یوه حده تایید شوې
conclusion-unsubstantiated = نه ده ثابته شوې
conclusion-inconclusive = بې پرېکنده پایلې
conclusion-not-attributable = مسؤلیت نه شي ټاکل کېدای

## Proof badges: each statement's place in the log

proof-sequenced = په لړ کې ثبت شوی
proof-sequenced-help = د ریکارډ په { $index } شمېره کې ثبت شوی.
proof-checkpointed = په تاییدي ټکي کې شامل
proof-checkpointed-help = د ریکارډ په لاسلیک شوي تاییدي ټکي کې شامل دی چې { $size } ثبتونه لري.
proof-witnessed = د شاهدانو له خوا تایید شوی
proof-witnessed-help =
    { $count ->
        [one] په داسې تاییدي ټکي کې شامل دی چې { $count } شاهد ګډ لاسلیک کړی دی.
       *[other] په داسې تاییدي ټکي کې شامل دی چې { $count } شاهدانو ګډ لاسلیک کړی دی.
    }
proof-verify-here = همدلته یې تایید کړئ
proof-verifying = تاییدېږي…
proof-verified = د شمولیت ثبوت تایید شو
proof-bundle = د ثبوت بنډل ښکته کړئ
proof-bundle-help = یوه فایل چې بیان، د هغه د شمولیت ثبوت او د شاهدانو لاسلیک شوی چیک پوائنټ لري، چې هر څوک یې له انټرنیټ پرته ازمویلای شي.
proof-failed = د شمولیت ثبوت ناکام شو
signature-valid = لاسلیک سم دی
signature-invalid = لاسلیک سم نه دی

## Form: report an incident (also used to amend one)

report-title = د پېښې راپور ورکړئ
report-amend-title = راپور تعدیل کړئ
report-intro = ستاسو راپور ستاسو په کیلي لاسلیک کېږي او په ریکارډ کې ثبتېږي. له منځه نه شي وړل کېدای؛ تعدیل یوه نوې نسخه ده او پخوانۍ نسخې ښکاره پاتې کېږي.
report-when = کله
field-occurred-start = نېټه او وخت
field-occurred-end = پای (اختیاري)
field-time-precision = د وخت دقت
precision-minute = تر دقیقې پورې
precision-hour = تر ساعت پورې
precision-day = تر ورځې پورې
precision-week = د اونۍ په اوږدو کې
precision-month = د میاشتې په اوږدو کې
report-where = چېرته
field-place = نږدې ځای
field-latitude = عرض البلد
field-longitude = طول البلد
field-location-precision = د ځای دقت، په مترو
field-pick-on-map = په نقشه کې یې وټاکئ
field-sector = سکتور
report-what = څه پېښ شول
field-category = ډول
field-accused = ادعا شوی مسؤل اړخ
field-accused-none = د هېڅ اړخ نوم مه اخلئ
field-clauses = هغه بندونه چې د سرغړونې ادعا یې کېږي
report-casualties = ادعا شوې مرګ ژوبله
field-killed = وژل شوي
field-wounded = ټپیان
field-military = نظامي
field-civilian = ملکي
field-count-low = لږ تر لږه
field-count-best = غوره اټکل
field-count-high = ډېر نه ډېر
field-title = سرلیک
field-narrative = شرح
field-narrative-language = د شرح ژبه
field-sources = سرچینې
field-source-kind = د سرچینې ډول
source-official = رسمي اعلامیه
source-media = رسنۍ
source-field = ساحوي راپور
source-social = ټولنیزې رسنۍ
source-other = نور
field-source-title = د سرچینې سرلیک
field-source-url = لینک
field-source-published = د خپرېدو نېټه
action-add-source = سرچینه ورزیاته کړئ
action-remove-source = دا سرچینه لرې کړئ
report-submit = لاسلیک او راپور ثبت کړئ
report-amend-submit = لاسلیک او نوې نسخه ثبت کړئ
report-filed = راپور ثبت شو او په ریکارډ کې خوندي دی.

## Form: respond to a report

respond-title = راپور ته ځواب ورکړئ
respond-position = دریځ
respond-acknowledge-help = تاسو راپور په هماغه بڼه منئ چې ثبت شوی.
respond-deny-help = تاسو وایئ چې پېښه هغسې نه ده شوې لکه څنګه چې راپور شوې.
respond-contest-help = تاسو د راپور پر یوې برخې اعتراض کوئ: وخت، ځای، مسؤلیت یا مرګ ژوبله.
respond-counter-claim-help = تاسو د پېښې بېل روایت وړاندې کوئ.
respond-narrative = ستاسو روایت
respond-submit = لاسلیک او ځواب ولېږئ
respond-sent = ځواب ثبت شو.

## Form: attach evidence

evidence-title = شواهد ضمیمه کړئ
evidence-file = فایل
evidence-capture-time = د ثبت وخت
evidence-capture-place = د ثبت ځای
evidence-source-field = سرچینه (وسیله، قطعه یا کس)
evidence-visibility = څوک یې لیدلی شي
visibility-public = عامه
visibility-joint = ګډ: ټول اړخونه او منځګړي
visibility-mediators = یوازې منځګړي: د بل اړخ لپاره مهر شوی
visibility-party = یوازې خپل اړخ (مسوده)
evidence-hashing = ګوتنښه محاسبه کېږي…
evidence-progress = { $percent }٪ پورته شول
evidence-submit = لاسلیک او شواهد ثبت کړئ
evidence-registered = شواهد ثبت شول.

## Form: open an investigation, notes, closing

investigation-title = څېړنه پیل کړئ
investigation-name = سرلیک
investigation-mandate = د څېړنې واک
investigation-team = ټیم
investigation-team-help = په ټیم کې باید د هر اړخ غړي او یو منځګړی شامل وي.
investigation-due = د موندنې وروستۍ نېټه
investigation-submit = لاسلیک او څېړنه پیل کړئ
investigation-opened = څېړنه پیل شوه.
investigation-notes = یادښتونه
investigation-add-note = یادښت ورزیات کړئ
investigation-obstruction = خنډ
obstruction-access-refused = لاسرسی رد شو
obstruction-site-unreachable = ځای ته لاسرسی نشته
obstruction-evidence-withheld = شواهد ونه سپارل شول
obstruction-witness-unavailable = شاهد شتون نه لري
obstruction-other = بل خنډ
investigation-close = څېړنه وتړئ
investigation-close-reason = د تړلو دلیل

## Form: draft and sign a finding

finding-draft-title = د موندنې مسوده جوړه کړئ
finding-summary = لنډیز
finding-breaches = د بندونو سرغړونې
verdict-verified = تایید شوې
verdict-rejected = رد شوې
finding-sign-title = پر موندنه لاسلیک وکړئ
finding-your-position = ستاسو دریځ
stance-concur = موافق یم
stance-dissent = مخالف یم
finding-reasons = دلایل
finding-reasons-help = مخالفت باید دلایل ولري؛ دلایل د موندنې تر څنګ ښودل کېږي.
finding-sign-submit = لاسلیک کړئ
finding-signed = ستاسو لاسلیک ثبت شو.

## Validation messages

validation-form-errors =
    { $count ->
        [one] په دې فورمه کې { $count } ستونزه ده.
       *[other] په دې فورمه کې { $count } ستونزې دي.
    }
validation-required = دا خانه اړینه ده.
validation-latitude = عرض البلد باید د { $min } او { $max } ترمنځ وي.
validation-longitude = طول البلد باید د { $min } او { $max } ترمنځ وي.
validation-precision = دقت باید په مترو یو بشپړ عدد وي، له { $min } څخه تر { $max } پورې.
validation-end-before-start = پای له پیل نه مخکې نه شي کېدای.
validation-future = دا وخت په راتلونکي کې دی.
validation-count = شمېر باید له ۰ څخه تر { $max } پورې یو بشپړ عدد وي.
validation-low-best-high = شمېرې باید په دې ترتیب وي: لږ تر لږه، بیا غوره اټکل، بیا ډېر نه ډېر.
validation-too-long =
    { $max ->
        [one] ډېر نه ډېر { $max } توری.
       *[other] ډېر نه ډېر { $max } توري.
    }
validation-url = بشپړ لینک ولیکئ چې په https:// یا http:// پیل شي.
validation-unknown-sector = دا سکتور په دې سیستم کې نشته.
validation-unknown-category = دا ډول نه دی پېژندل شوی.
validation-due-past = وروستۍ نېټه باید په راتلونکي کې وي.
validation-team = په ټیم کې باید د هر اړخ غړي او یو منځګړی شامل وي.
validation-reasons = مخالفت باید دلایل ولري.
validation-file-empty = فایل تش دی.
validation-file-too-large = فایل د { $mib } MiB له حد څخه لوی دی.
validation-key-not-enrolled = دا کیلي نوم لیکنه شوې نه ده، یا لغوه شوې ده.
validation-not-allowed = ستاسو دنده د دې کار اجازه نه ورکوي.
validation-signature = سرور لاسلیک تایید نه کړای شو. هېڅ شی ثبت نه شو.

## Categories: the ceasefire kinds, then ACLED event types

category-cross-border-fire = له پولې هاخوا ډزې
category-artillery-shelling = توپخانه او ګوله باري
category-air-drone-strike = هوايي یا ډرون برید
category-airspace-violation = د هوايي حریم نقض
category-infiltration = نفوذ
category-border-post-attack = پر سرحدي پوستې برید
category-ied = لاسي جوړ چاودېدونکی توکی (IED)
category-crossing-closure = د بندر تړل کېدل
category-civilian-harm = ملکي وګړو ته زیان
category-narcotics-activity = د مخدره توکو فعالیت
category-armed-clash = وسله واله نښته
category-attack-on-civilians = پر ملکي وګړو برید
category-suicide-bomb = ځانمرګی برید
category-abduction = تښتونه یا جبري ورکېدنه
category-arrests = نیونې
category-looting-property-destruction = لوټ یا د ملکیت ویجاړول
category-peaceful-protest = سوله ییز لاریون
category-violent-demonstration = تاوتریخجن لاریون
category-agreement = تړون
category-other = نور
category-group-ceasefire = د اوربند سرغړونې
category-group-acled = نورې پېښې (د ACLED ډولونه)

## Hotline console

hotline-title = مستقیمه اړیکه
hotline-live = ژوندی
hotline-reconnecting = بیا نښلول کېږي…
hotline-new-message = نوی پیغام
hotline-type = ډول
msg-notice-of-fire = د ډزو خبرتیا
msg-cease-fire-request = د ډزو د بندولو غوښتنه
msg-prior-notice = د فعالیت مخکینۍ خبرتیا
msg-medevac-request = د طبي لېږد غوښتنه
msg-crossing-notice = د بندر په اړه خبرتیا
msg-check-in = منظمه اړیکه
msg-free-text = آزاد متن
hotline-priority = لومړیتوب
priority-flash = ډېر بېړنی
priority-immediate = بېړنی
priority-routine = عادي
hotline-from = لېږونکی
hotline-to = اخیستونکی
hotline-sector = سکتور
hotline-place = ځای
hotline-text = پیغام
hotline-activity = فعالیت
hotline-activity-from = له
hotline-activity-until = تر
hotline-activity-area = سیمه
hotline-send = لاسلیک او ولېږئ
hotline-sent = پیغام ولېږل شو.
hotline-acknowledge = رسېدل یې تایید کړئ
hotline-reply = ځواب ورکړئ
hotline-reply-optional = ځواب (اختیاري)
hotline-acknowledged = رسېدل یې تایید شول
hotline-acknowledged-by = { $member } په { $time } رسېدل تایید کړل
hotline-awaiting = د رسېدو د تایید په تمه
hotline-countdown = د تایید لپاره { $duration } پاتې
hotline-overdue = تایید نه شو: { $duration } ځنډ
hotline-escalated-backup = بدیلو افسرانو او قرارګاه ته ولېږل شو
hotline-escalated-mediators = منځګړو ته ولېږل شو
hotline-alarm = د ډزو د بندولو غوښتنه: سمدستي یې تایید کړئ
hotline-alarm-silence = خبرداری بند کړئ
hotline-check-ins = منظمې اړیکې
hotline-check-in-ok = منظمه اړیکه په وخت
hotline-check-in-missed = منظمه اړیکه ونه شوه
hotline-check-in-last = وروستۍ منظمه اړیکه: { $time }
hotline-check-in-next = بله منظمه اړیکه: { $time }
hotline-roster = د نوکریوالو لیست
hotline-none = هېڅ پیغام نشته.

## Crossings

crossings-title = بندرونه
crossing-name = بندر
crossing-status = حالت
crossing-open = پرانیستی
crossing-restricted = محدود
crossing-closed = تړلی
crossing-since = له کله راهیسې
crossing-since-date = له { $date } راهیسې
crossing-reason = دلیل
crossing-set-by = اعلان کوونکی
crossing-history = تاریخچه
crossing-update = حالت بدل کړئ
crossing-update-submit = لاسلیک او بدل کړئ
crossings-lede = هر لوری خپله دروازه پخپله، د تګ راتګ د هر ډول لپاره جلا، ټاکي. یو ډول یوازې هلته تېرېدای شي چې دواړه لوري یې پرېږدي.
crossing-classes-of = په { $crossing } کې تګ راتګ
traffic-class = تګ راتګ
traffic-all = ټول تګ راتګ
traffic-trade = سوداګري
traffic-transit = ترانزیټي سوداګري
traffic-pedestrians = پلي تګ راتګ
traffic-returnees = راستنېدونکي
traffic-humanitarian = بشري مرستې او د ملګرو ملتونو بار
crossing-side-of = د { $party } لوری
crossing-together = دواړه لوري
crossing-one-way = یو اړخیز، { $party } ته
crossing-direction = لوری
crossing-both-ways = دواړو خواوو ته
crossing-into = یوازې { $party } ته
crossing-whole-border = ټوله پوله
crossing-notice = بل لوري ته د هاټ لاین خبرتیا
crossing-no-notice-named = هېڅ
crossing-no-notice = بل لوري ته د هاټ لاین هېڅ خبرتیا ثبت نه ده.
crossing-notice-sent = { $parties } ته په { $time } خبرتیا ولېږل شوه:
crossing-notice-acked = { $party } په { $time } تایید کړه.
crossing-notice-unacked = نه ده تایید شوې.
exceptions-title = استثناوې
exception-heading = { $class }، د { $party } له خوا منظور
exception-counted = له { $quota } { $unit } څخه { $passed } تېر شوي
exception-phase =
    { $count ->
       *[other] پړاو { $count }
    }
exception-phase-col = پړاو
exception-from = له
exception-until = تر
exception-passed = تېر شوي
exception-new = استثنا منظورول
exception-unit = د شمېرنې واحد
exception-purpose = موخه
exception-phases = پړاوونه او سهمیې
exception-quota = سهمیه
exception-submit = لاسلیک او منظور کړئ
unit-containers = کانټینرونه
unit-trucks = لارۍ
unit-vehicles = موټرونه
unit-people = کسان
passage-count = د تېرو شویو شمېر
passage-at = کله
passage-submit = لاسلیک او وشمېرئ
figures-title = راپور شوې شمېرې
figures-border-title = د ټولې پولې شمېرې
figures-help = هغه شمېرې چې نورو (سوداګرو، سوداګریزو خونو، رسنیو) ورکړې، د سرچینې سره ثبت شوې؛ میکانیزم یې تضمین نه کوي.
figure-source = سرچینه:
figure-new = راپور شوې شمېره ثبتول
figure-measure = شمېره
figure-value = اندازه
figure-as-of = تر نېټې
figure-source-name = سرچینه
figure-source-url = د سرچینې لینک
figure-submit = لاسلیک او ثبت کړئ
measure-trucks-stranded = بندې لارۍ
measure-containers-stranded = بند کانټینرونه
measure-people-stranded = بند پاتې کسان
measure-days-closed = د تړل کېدو ورځې
report-days-closed-by-class = د تړل کېدو ورځې، د تګ راتګ د ډول له مخې

## Commitments

commitments-title = ژمنې
commitment-agreement = تړون
commitment-clause = بند
commitment-owed-by = مسؤل اړخ
commitment-alleged = ادعا شوې
commitment-verified = تایید شوې
commitment-rejected = رد شوې
commitment-incidents = هغه پېښې چې د دې بند د سرغړونې ادعا پرې شوې
commitment-breaches =
    { $count ->
        [one] { $count } سرغړونه
       *[other] { $count } سرغړونې
    }

## Log explorer

log-title = د روڼتیا ریکارډ
log-intro = هر بیان په دې ریکارډ کې یو ثبت دی، او دې ریکارډ ته یوازې زیاتونه کېدای شي. هر څوک کتلی شي چې یو ثبت پکې شامل دی او ریکارډ هېڅکله بیا نه دی لیکل شوی.
log-checkpoint = تاییدي ټکی
log-latest = وروستی تاییدي ټکی
log-witnessed = د شاهدانو له خوا تایید شوی وروستی تاییدي ټکی
log-size = اندازه
log-entries =
    { $count ->
        [one] { $count } ثبت
       *[other] { $count } ثبتونه
    }
log-root = د ریښې هش
log-witnesses = شاهدان
log-cosigned = ګډ لاسلیک شوی
log-not-cosigned = ګډ لاسلیک نه دی شوی
log-cosigned-count = له { $total } شاهدانو څخه { $count } ګډ لاسلیک کړی
log-quorum = نصاب: له { $total } څخه { $count }
log-lookup = ثبت ولټوئ
log-lookup-hint = د بیان پېژند یا په ریکارډ کې شمېره
log-lookup-submit = ولټوئ
log-entry = ثبت { $index }
log-entry-kind = د بیان ډول
log-entry-signer = لاسلیک کوونکی
log-entry-time = د لاسلیک وخت
log-entry-not-found = په دې پېژند یا شمېره هېڅ ثبت نشته.
log-proof-verified = د شمولیت ثبوت تایید شو
log-proof-failed = د شمولیت ثبوت ناکام شو
log-download-checkpoint = تاییدي ټکی ښکته کړئ (لاسلیک شوی یادښت)

## Added with the forms, the console and the members page

nav-members = غړي
form-not-accepted = ونه منل شو:
map-click-to-report = یا په نقشه کې هغه ځای کېکاږئ چېرې چې پېښه شوې
hotline-members-only = د هاټ لاین پیغامونه یوازې ننوتو غړو ته ښودل کېږي.
incidents-all = ټولې پېښې، له فلټرونو سره
filter-ignored = دا فلټرونه ونه پوهېدل شول او نه دي پلي شوي:
validation-date = نېټه داسې ولیکئ: 2025-10-19
report-who-may = یوازې هغه غړي چې د راپور ورکوونکي رول لري راپور ثبتولای شي.
signing-needs-script = لاسلیک جاوا سکرېپټ ته اړتیا لري: ستاسو کیلي په همدې براوزر کې لاسلیک کوي او هېڅکله بهر نه ځي.
signin-forget-key = کیلي له دې براوزر څخه لرې کړئ
signin-your-name = ستاسو نوم
signin-your-party = ستاسو اړخ
members-title = غړي
members-name = نوم
members-roles = رولونه
members-active = فعال
members-revoked = لغو شوی
members-enrol = د یوه غړي کیلي ثبت کړئ
members-enrol-help = هغه عامه کیلي دلته ولګوئ چې د غړي براوزر یا CLI یې ښيي. ثبت ستاسو په کیلي لاسلیک او په عامه لاګ کې ثبتېږي.
members-enrol-submit = لاسلیک او ثبت کړئ
log-entry-id = د بیان پېژند
log-entry-logged = په لاګ کې د ثبت وخت
log-proof-json = د شاملېدو ثبوت (JSON)
log-statement-json = بیان (JSON)
counts-none = په تېرو اوو ورځو کې هېڅ پېښه نه ده شوې.
map-reference-show = مرجع پېښې وښایاست
map-reference-hide = مرجع پېښې پټې کړئ
map-reference-legend = مرجع پېښه (د کوم اړخ ادعا نه ده)
map-reference-attribution = خړ مربعونه: له کرښې ۲۵ کیلومتره دننه د بهرنیو معلوماتو مرجع پېښې، د شالید په توګه ښودل شوې، نه د اړخونو د ادعاوو په توګه. سرچینه او جواز:
hotline-event-message = پیغام
hotline-event-ack = تایید
hotline-event-escalation = پورته لېږدول
hotline-events-title = راتلونکې پېښې
members-key = عامه کیلي
export-jsonl = د JSON کرښو په توګه صادر کړئ
nav-reports = راپورونه
report-daily-title = ورځنی راپور
report-weekly-title = اونیز راپور
report-period = موده
report-cutoff = د پای وخت
report-date = د مودې د پای ورځ
report-checkpoint = د لاګ له دې تاییدي ټکي محاسبه شوی (اندازه · د ریښې هش):
report-summary = لنډیز
report-incidents = راپور شوې پېښې
report-previous = تېره موده
report-this-period = دا موده
report-answered = هغه راپورونه چې ځواب یې راغلی
report-overdue = هغه راپورونه چې په ټاکلي وخت کې یې ځواب نه دی راغلی
report-legend = شین: دا موده. خړ: تېره موده. شمېرې یوازې هغه څه لري چې تاسو یې لیدلای شئ.
report-none = په دې موده کې هېڅ نشته.
report-by-sector = پېښې د سکټور له مخې
report-by-category = پېښې د ډول له مخې
report-by-reporter = پېښې د راپور ورکوونکي اړخ له مخې
report-by-accused = پېښې د تورن اړخ له مخې
report-findings = صادر شوې موندنې، د پایلې له مخې
report-verified-by-party = تایید شوې موندنې، د مسوول اړخ له مخې
report-per-day = ورځنۍ پېښې
report-changes = بدلونونه
report-days-closed = د تړل کېدو ورځې
report-hotline-messages = پیغامونه
report-hotline-acknowledged = تایید شوي
report-hotline-median-ack = د تایید منځنی وخت
report-hotline-max-ack = د تایید تر ټولو اوږد وخت
report-reference = له کرښې ۲۵ کیلومتره دننه مرجع پېښې
report-reference-help = له بهرنیو معلوماتو (UCDP GED، ACLED) څخه، د شالید لپاره: د اړخونو ادعاوې نه دي.
report-source = سرچینه
report-custom-title = د ټاکلې مودې راپور
report-days = ورځې

# Notices of hotline messages and escalations, by email and webhook.
notice-subject = [جرګه] د { $from } له خوا { $type } · { $sector }
notice-escalated-subject = [جرګه] تایید نه شو، تاسو ته ولېږل شو: د { $from } له خوا { $type } · { $sector }
notice-sent-at = ولېږل شو { $time }
notice-was-due = د تایید وروستۍ نېټه { $time }
notice-open-console = د هاټ لاین په کنسول کې یې تایید کړئ:
notice-statement = بیان
deliveries-title = لېږل شوي خبرتیاوې
delivery-delivered = د { $channel } له لارې { $member } ({ $to }) ته په { $time } ورسېده
delivery-pending = د { $channel } له لارې { $member } ({ $to }) ته لېږل کېږي
delivery-retrying = د { $channel } له لارې { $member } ({ $to }) ته لا نه ده رسېدلې؛ ناکامې هڅې: { $attempts }؛ وروستۍ تېروتنه: { $error }
delivery-failed = د { $channel } له لارې { $member } ({ $to }) ته ونه رسېده؛ له { $attempts } هڅو وروسته پرېښودل شوه؛ وروستۍ تېروتنه: { $error }
delivery-settled = د { $channel } له لارې { $member } ته ونه لېږل شوه: مخکې تایید شوې وه
channel-email = برېښنالیک
channel-webhook = ویب هوک
statement-signed-at = لاسلیک { $time }، وروسته ولېږل شو
outbox-title = د لېږلو په تمه
outbox-queued = په کتار کې: کله چې اړیکه بېرته راشي ولېږل شي
outbox-sent = ولېږل شو: د راتلونکي چک پوائنټ په تمه
outbox-logged = په لاګ کې، په لاسلیک شوي چک پوائنټ کې
outbox-refused = سرور رد کړ:
outbox-signed = لاسلیک { $time }
form-queued = اړیکه نشته: لاسلیک او په کتار کې کېښودل شو. کله چې اړیکه بېرته راشي، په ترتیب سره به ولېږل شي.
offline-stale = آفلاین: دا پاڼه لکه څنګه چې په { $time } وه.

## Windows of silence

nav-windows = د چوپتیا وقفې
windows-title = د چوپتیا وقفې
windows-title-one = د چوپتیا وقفه
windows-lede = د یوه لوري یا منځګړي په غوښتنه سیمه‌ییز اوربند، څو د ترمیم ډله کار وکړي، ټپیان وایستل شي، کاروان تېر شي یا د مړو پاتې شوني راټول شي. یوازې هغه وخت نافذ وي چې دواړه لوري موافقه وکړي؛ د نفاذ پر مهال په کې هره پېښه د وقفې سرغړونه ده.
windows-map = د چوپتیا وقفې چې لا پای ته نه دي رسېدلې
windows-none = د چوپتیا هېڅ وقفه نه ده غوښتل شوې.
window-present = څوک به هلته وي
window-requested-by = د { $party } غوښتنه
window-agreed-by = { $parties } موافقه کړې
window-awaiting = د { $parties } موافقې ته انتظار
window-violations =
    { $count ->
        [one] د نفاذ پر مهال د وقفې دننه { $count } پېښه:
       *[other] د نفاذ پر مهال د وقفې دننه { $count } پېښې:
    }
window-reply = ځواب
window-agree = لاسلیک او موافقه وکړئ
window-new = د چوپتیا وقفه وغواړئ
window-purpose = موخه
window-start = پیل
window-end = پای
window-text = څه به کېږي، او چېرته
window-submit = لاسلیک او وغواړئ
window-purpose-repair-crew = د ترمیم ډله
window-purpose-medical-evacuation = طبي ایستنه
window-purpose-humanitarian-convoy = بشري کاروان
window-purpose-recovery-of-remains = د مړو راټولول
window-purpose-other = نور
window-stage-awaiting = موافقې ته انتظار
window-stage-agreed = منل شوې، لا نه ده پیل شوې
window-stage-under-way = اوس نافذ
window-stage-over = پای ته رسېدلې
window-stage-lapsed = له موافقې پرته تېره شوه
hotline-event-window = د چوپتیا وقفه
msg-window-started = د چوپتیا وقفه پیل شوه
msg-window-ended = د چوپتیا وقفه پای ته ورسېده
notice-window-subject = [جرګه] { $type } · { $sector }
incident-in-window = د نافذې چوپتیا وقفې دننه راپور شوې: د وقفې سرغړونه.
report-windows = د چوپتیا وقفې
report-window-violations = د نافذې وقفې دننه پېښې

## One event, several claims

events-title = پېښې او د هغو ادعاوې
events-lede = ډېری وخت دواړه لوري د ډزو د یوې تبادلې راپور ورکوي، هر یو وايي چې بل پیل کړې. منځګړی دا ادعاوې د یوې پېښې په توګه نښلوي؛ هره ادعا هماغسې پاتې کېږي لکه څنګه چې یې لوري لاسلیک کړې، یو تر څنګ، او په شمېر کې پېښه یو ځل راځي.
events-link-hint = د یوې پېښې په توګه نښلول شوې ادعاوې، او هغه جوړې چې یوه پېښه ښکاري.
events-suggested = جوړې چې یوه پېښه ښکاري
events-no-suggestion = هېڅ جوړه یوه پېښه نه ښکاري.
events-linked = نښلول شوې پېښې
events-none = هېڅ ادعاوې د یوې پېښې په توګه نه دي نښلول شوې.
event-heading = یوه پېښه، { $count } ادعاوې، د { $party } له خوا نښلول شوې
event-hidden =
    { $count ->
        [one] { $count } نوره ادعا چې تاسو یې نه شئ لوستلای
       *[other] { $count } نورې ادعاوې چې تاسو یې نه شئ لوستلای
    }
event-apart = { $km } کیلومتره او { $minutes } دقیقې واټن؛ هر یو د بل راپور ورکوونکی تورنوي
event-claim-by = د { $party } ادعا
event-accuses = { $party } تورنوي
event-note = یادښت
event-link = لاسلیک او د یوې پېښې په توګه ونښلوئ
event-claims =
    { $count ->
        [one] یوه پېښه · { $count } ادعا
       *[other] یوه پېښه · { $count } ادعاوې
    }
event-side-by-side = ادعاوې یو تر څنګ وګورئ.
incident-duplicate-badge = تکرار
incident-duplicate-of = د هغې لوري د خپل پخواني راپور د تکرار په توګه نښه کړې (پرانیزئ یې).
duplicate-title = ستاسو د لوري د راپور تکرار؟
duplicate-help = دا راپور ستاسو د لوري د نږدې پخواني راپور د تکرار په توګه نښه کړئ: په ثبت کې پاتې کېږي خو بیا نه شمېرل کېږي.
duplicate-of = پخوانی راپور
duplicate-submit = لاسلیک او د تکرار نښه یې کړئ
report-claims = ادعاوې (د هر لوري راپورونه)
report-duplicates = تکرارونه، نه شمېرل کېږي

## From finding to consequence

record-lede = د هرې مادې او لوري لپاره: په راپورونو کې د سرغړونو تورونه، د وروستیو پایلو له مخې تایید یا رد شوي، او هغه چې مسؤلیت یې نه دی ټاکل شوی؛ هغه سرغړونې چې منځګړو راپور کړې؛ او هغه اصلاحي اقدامات چې مسؤل لوري ژمنه کړې، ټاکلي، بشپړ یا ځنډېدلي.
record-not-attributable = مسؤلیت نه دی ټاکل شوی
record-violations = راپور شوې سرغړونې
record-remedial-due = اصلاحي اقدام ټاکلی
record-remedial-done = اصلاحي اقدام بشپړ
record-remedial-overdue = اصلاحي اقدام ځنډېدلی
violations-title = سرغړونې او د هغو پایلې
violations-none = په هېڅ وروستۍ پایله د سرغړونې راپور نه دی ورکړل شوی.
violation-responsible = مسؤل: { $party }
violation-incident = پېښه
violation-quorum = د کمېټې له اړینو { $quorum } څوکیو څخه { $endorsed } تایید کړې
step-violation-report = د سرغړونې راپور (منځګړي)
step-violation-endorse = تایید
step-violation-reply = ځواب او اصلاحي اقدام
step-violation-decision = پرېکړه
step-violation-follow-up = تعقیب
follow-up-done = بشپړ شو
follow-up-not-done = نه دی بشپړ شوی
violation-endorse = لاسلیک او د خپل لوري له خوا تایید کړئ
violation-remedial-action = هغه اصلاحي اقدام چې ستاسو لوری یې ژمنه کوي
violation-due = د بشپړېدو نېټه
violation-reply = لاسلیک او ځواب ورکړئ
violation-measure = هغه اقدام چې تړون یې وړاندې کوي
violation-decision-text = پرېکړه
violation-decide = پر پرېکړه لاسلیک وکړئ
violation-done = ایا اصلاحي اقدام بشپړ شو؟
violation-follow-up-text = څه ولیدل شول
violation-follow-up = پر تعقیب لاسلیک وکړئ
violation-new = پر وروستۍ پایله د سرغړونې راپور
violation-summary = سرغړونه، د منځګړو په خبرو
violation-report = لاسلیک او سرغړونه راپور کړئ

# Obligations, deliverables and the actor register (issue 16)
obligations-link = د عمل مکلفیتونه او سپارښتنې یې: راپور شوې، تایید شوې، نېټه تېره شوې
obligations-title = مکلفیتونه او سپارښتنې
obligations-lede = تړونونه هره خوا څه ته مکلفوي: هغې څه راپور ورکړ، بلې خوا څه ځواب ورکړ، د منځګړو لیدنو څه وموندل، او د تایید ټیم لاسلیک شوې پایله، مخالفت یې تر څنګ.
obligation-status-due = ټاکل شوې
obligation-status-overdue = نېټه تېره شوې
obligation-status-reported = راپور شوې
obligation-status-verifying = د تایید په حال کې
obligation-status-verified = تایید شوې
obligation-refusals = رد شوې لیدنې
obligation-obliged = { $party } مکلف دی
obligation-due-on = ټاکلې نېټه { $date }
obligation-measure = د اندازه کولو لاره
step-performance-report = د ترسره کولو راپور
step-performance-answer = ځواب
step-verification-visit = د تایید لیدنه یا ازموینه
step-verification-access = لاسرسی
step-deliverable-outcome = پایله
step-deliverable-sign = لاسلیک
done-done = ترسره شو
done-partly-done = تر یوه بریده ترسره شو
done-not-done = ترسره نه شو
answer-accept = منل شوی
answer-dispute = اعتراض
access-granted = ورکړل شو
access-partial = تر یوه بریده ورکړل شو
access-refused = رد شو
outcome-met = پوره شوې
outcome-partly-met = تر یوه بریده پوره شوې
outcome-unmet = پوره نه شوې
outcome-not-verifiable = د تایید وړ نه ده
outcome-final = وروستۍ
outcome-draft = وروستۍ نه ده: د موافقې په تمه
outcome-concur = موافق
outcome-dissent = مخالف
outcome-sign = پر پایله لاسلیک وکړئ
outcome-reasons = دلیلونه (د مخالفت لپاره اړین)
performance-file = د ترسره کولو راپور وسپارئ
performance-done = څه ترسره شول
performance-account = تشریح
performance-answer = دې راپور ته ځواب ورکړئ
incident-actor = ادعا شوې ډله
incident-launched-from = له کومه پیل شو (ادعا)
incident-disputes = اعتراض: { $parts }
field-actor = ادعا شوې عامله ډله
field-launched-from = هغه خاوره چې ترې پیل شو
filter-actor = ادعا شوې ډله
claim-part-occurred = وخت
claim-part-location = ځای
claim-part-category = ډول
claim-part-casualties = تلفات
claim-part-accused = ادعا شوی مسؤل اړخ
claim-part-actor = نومول شوې ډله
claim-part-launched-from = نومول شوې خاوره

# Signed translations (issue 16)
translation-by = { $lang } ته ژباړه د { $party } ({ $name }) لخوا؛ اصلي متن معتبر دی
translation-disputed = د { $party } اعتراض: { $reason }
translation-original = اصلي متن، لکه څنګه چې لیکل شوی
translation-add = د دې پاڼې ژبې ته یې وژباړئ
translation-title = ژباړل شوی سرلیک
translation-narrative = ژباړل شوې تشریح
translation-submit = لاسلیک یې کړئ او ژباړه ورزیاته کړئ
translation-dispute = پر دې ژباړې اعتراض وکړئ
translation-dispute-reason = ژباړه کې څه ناسم دي
report-by-actor = هغه ادعاوې چې وسله واله ډله یا بل لوبغاړی نوموي
report-deliverable = سپارښتنه
report-due = ټاکلې نېټه
# The actor register (issue 16)
actors-title = وسله والې ډلې او نور لوبغاړي
actors-help = هغه راجستر چې منځګړي یې ساتي. څوک د یوې ډلې ملاتړ یا کوربه توب کوي، د هرې خوا ادعا ده، پایله نه ده.
actor-name = نوم
actor-type = ډول (ACLED)
actor-said = هره خوا څه وايي
actor-incidents = هغه پېښې چې دا نوموي
actor-said-hosts = { $by } وايي { $party } یې کوربه دی
actor-said-supports = { $by } وايي { $party } یې ملاتړ کوي
actor-said-denies = { $by } وايي { $party } نه یې ملاتړ کوي او نه یې کوربه دی
actor-inter-2 = یاغي ډله
actor-inter-3 = سیاسي ملېشه
actor-inter-4 = هویتي ملېشه
actor-inter-5 = بلواګر
actor-inter-6 = لاریون کوونکي
actor-inter-7 = ملکي وګړي
actor-inter-8 = بهرني یا نور ځواکونه
access-record = ورکړل شوی لاسرسی ثبت کړئ
access-party = هغه خوا چې لاسرسی یې ورکړ یا رد کړ
access-note = څه وشول
visit-schedule = لیدنه یا ازموینه وټاکئ
visit-method = څنګه
visit-planned = کله
visit-place = چېرته
method-visit = لیدنه
method-remote-check = له لرې ازموینه
method-document-review = د اسنادو کتنه
outcome-draft-title = د پایلې مسوده ولیکئ
outcome-summary = تایید څه ثابت کړل
outcome-rests-on = هغه لیدنې او راپورونه چې پرې ولاړه ده
respond-choose = د خپل اړخ دریځ وټاکئ
incident-finding-not-yours = یوه پایله شته؛ دا د اړخونو او منځګړو د غړو لپاره ده.
casualties-not-given = نه دی ویل شوي
