### Jirga web interface: English, the reference locale.
### Every other locale defines exactly the same messages with the same variables (tests check).
### Numbers given as variables are formatted per locale by the loader; dates and durations
### arrive already formatted, as strings. Names of parties, sectors, crossings and agreements
### are data: they arrive as variables and never appear in these labels.

-brand-name = Jirga

## Site chrome

app-name = { -brand-name }
app-tagline = Joint ceasefire monitoring
skip-to-content = Skip to main content
nav-main = Main navigation
nav-dashboard = Dashboard
nav-incidents = Incidents
nav-hotline = Hotline
nav-crossings = Crossings
nav-commitments = Commitments
nav-log = Log
sign-in = Sign in
sign-out = Sign out
signed-in-as = Signed in as { $member }
language = Language
language-switch = Change language
zone-switch = Times shown in
footer-record = Every statement here is signed by its author and kept in a public log that witnesses check.
loading = Loading…
connection-lost = Connection lost. Reconnecting…
error-not-found = Page not found.
error-forbidden = Your party and role do not allow you to see this page.
error-unavailable = The service is unavailable for a moment. Try again shortly.
error-unexpected = Something went wrong. Nothing was recorded.

## Roles and kinds of participant

role-admin = Administrator
role-reporter = Reporter
role-liaison = Liaison officer
role-duty-officer = Duty officer
role-investigator = Investigator
role-spokesperson = Spokesperson
role-observer = Observer
party-kind-party = Party
party-kind-mediator = Mediator
party-kind-observer = Observer

## Common actions, times and durations

action-save = Save
action-cancel = Cancel
action-back = Back
action-apply = Apply
action-clear = Clear
action-show-more = Show more
action-copy = Copy
action-copied = Copied
pagination-previous = Previous
pagination-next = Next
pagination-page = Page { $page } of { $pages }
unknown = Unknown
time-ago = { $duration } ago
time-in = in { $duration }
duration-seconds =
    { $count ->
        [one] { $count } second
       *[other] { $count } seconds
    }
duration-minutes =
    { $count ->
        [one] { $count } minute
       *[other] { $count } minutes
    }
duration-hours =
    { $count ->
        [one] { $count } hour
       *[other] { $count } hours
    }
duration-days =
    { $count ->
        [one] { $count } day
       *[other] { $count } days
    }
# A running countdown, for example "4 min 05 s".
duration-min-sec = { $minutes } min { $seconds } s

## Languages a text can be written in

text-language = Language of the text
lang-en = English
lang-ur = Urdu
lang-ps = Pashto
lang-prs = Dari
lang-ar = Arabic
lang-tr = Turkish
lang-other = Other language

## Sign-in page

signin-title = Sign in
signin-intro = You sign in with your own key. The server sends a challenge and your key signs it in this browser; the private key never leaves your device.
signin-use-browser-key = Use a key in this browser
signin-no-browser-key = No key is stored in this browser.
signin-import-key = Import a key file
signin-key-file = Key file
signin-import-submit = Import
signin-create-key = Create a key
signin-create-help = Creates a new key in this browser. It can sign nothing until it is enrolled.
signin-public-key = Your public key
signin-fingerprint = Key fingerprint
signin-enrolment = Enrolment
signin-enrolment-explain = Before a new key can sign anything, it must be enrolled: give your public key to your party's administrator, who records it in the log together with your role. The mediators enrol the parties' administrators.
signin-device-warning = Anyone who can use this browser profile can use the key stored in it. Keep the device locked.
signin-signing-in = Signing in…
signin-failed = Sign-in failed: this key is not enrolled, or it has been revoked.
signin-expired = Your session has ended. Sign in again.

## Dashboard

dashboard-title = Dashboard
map-title = Map
map-description = Incidents along the line, by status
map-zoom-in = Zoom in
map-zoom-out = Zoom out
map-pan = Pan the map
map-pan-north = Pan north
map-pan-south = Pan south
map-pan-east = Pan east
map-pan-west = Pan west
map-reset = Reset the view
map-legend = Legend
counts-title = Incidents by sector and party
counts-last-day = Last 24 hours
counts-last-week = Last 7 days
counts-sector = Sector
counts-party = Party
counts-total = Total
counts-incidents =
    { $count ->
        [one] { $count } incident
       *[other] { $count } incidents
    }
crossing-board = Crossing board
open-messages = Open hotline messages
open-messages-none = No hotline message is waiting for acknowledgement.
overdue-title = Overdue
overdue-responses = Reports awaiting a response past the deadline
overdue-investigations = Investigations past their due date
overdue-signatures = Findings awaiting signatures
overdue-acknowledgements = Hotline messages not acknowledged in time
overdue-none = Nothing is overdue.
overdue-by = Overdue by { $duration }
recent-incidents = Recent incidents

## Incident list: filters and columns

incidents-title = Incidents
filters-title = Filters
filter-sector = Sector
filter-category = Category
filter-party = Party
filter-party-reporting = Reporting party
filter-party-accused = Party alleged responsible
filter-status = Status
filter-date-range = Date range
filter-date-from = From
filter-date-to = To
filter-distance = Distance from the line
filter-within-km = Within { $km } km of the line
filter-any = Any
column-reference = Ref.
column-occurred = Occurred
column-reported = Reported
column-sector = Sector
column-place = Place
column-category = Category
column-title = Title
column-reporter = Reported by
column-accused = Alleged responsible
column-casualties = Killed / wounded
column-status = Status
column-response-due = Response due
column-proof = Proof
incidents-count =
    { $count ->
        [one] { $count } incident
       *[other] { $count } incidents
    }
incidents-none = No incident matches these filters.
export-csv = Export as CSV (ACLED columns)
export-geojson = Export as GeoJSON

## Incident lifecycle

status-reported = Reported
status-answered = Answered
status-disputed = Disputed
status-unanswered = Unanswered
status-under-investigation = Under investigation
status-finding-final = Finding final
status-closed = Closed
status-reported-help = Filed and within its response deadline; no response yet.
status-answered-help = Every response so far acknowledges the report.
status-disputed-help = At least one response denies, contests or counter-claims the report.
status-unanswered-help = No response, and the response deadline has passed.
status-under-investigation-help = A joint team is investigating the incident.
status-finding-final-help = The joint team's finding has all the signatures it needs.
status-closed-help = The mediators have closed the investigation.

## Incident page

incident-claim = Claim
incident-reported-by = Reported by { $party }
incident-reported-on = Reported on { $date }
incident-occurred = Occurred
incident-location = Location
incident-precision = within { $metres } m
incident-alleged-responsible = Alleged responsible
incident-not-named = Not named
incident-casualties-claimed = Casualties claimed
incident-narrative = Narrative
incident-sources = Sources
incident-clauses = Clauses alleged breached
incident-responses = Responses
incident-no-response = No response yet.
incident-response-due = Response due by { $date }
incident-response-by = Response from { $party }
incident-finding = Finding
incident-no-finding = No finding yet.
incident-versions = Versions
incident-version = Version { $number }
incident-version-current = Current version
incident-amended-on = Amended on { $date }
incident-evidence = Evidence
incident-no-evidence = No evidence attached.
incident-respond = Respond
incident-amend = Amend the report
incident-attach-evidence = Attach evidence
incident-open-investigation = Open an investigation
original-language = Written in { $language }
position-acknowledge = Acknowledge
position-deny = Deny
position-contest = Contest
position-counter-claim = Counter-claim
casualties-killed = Killed
casualties-wounded = Wounded
casualties-military = Military
casualties-civilian = Civilian
casualties-range = { $best } (from { $low } to { $high })
casualties-none = None claimed
evidence-sealed = Sealed: only its fingerprint is shown
evidence-fingerprint = SHA-256 fingerprint
evidence-size = Size
evidence-captured = Captured
evidence-source = Source
evidence-download = Download (recorded in the chain of custody)
evidence-custody = Chain of custody
finding-conclusion = Conclusion
finding-attribution = Attributed to
finding-confirmed-casualties = Confirmed casualties
finding-signatures = Signatures
finding-final = Final
finding-awaiting =
    { $count ->
        [one] Awaiting { $count } signature
       *[other] Awaiting { $count } signatures
    }
finding-concurs = Concurs
finding-dissents = Dissents
finding-dissent-reasons = Reasons for dissent
conclusion-verified = Verified
conclusion-partly-verified = Partly verified
conclusion-unsubstantiated = Unsubstantiated
conclusion-inconclusive = Inconclusive
conclusion-not-attributable = Not attributable

## Proof badges: each statement's place in the log

proof-sequenced = Sequenced
proof-sequenced-help = Recorded in the log at position { $index }.
proof-checkpointed = Checkpointed
proof-checkpointed-help = Included in a checkpoint signed by the log, of { $size } entries.
proof-witnessed = Witnessed
proof-witnessed-help =
    { $count ->
        [one] Included in a checkpoint cosigned by { $count } witness.
       *[other] Included in a checkpoint cosigned by { $count } witnesses.
    }
proof-verify-here = Verify in this page
proof-verifying = Verifying…
proof-verified = Inclusion proof verified
proof-bundle = Download proof bundle
proof-bundle-help = One file with the statement, its inclusion proof and the witnessed checkpoint, which anyone can verify offline with jirga verify-bundle.
proof-failed = Inclusion proof failed
signature-valid = Signature valid
signature-invalid = Signature invalid

## Form: report an incident (also used to amend one)

report-title = Report an incident
report-amend-title = Amend the report
report-intro = Your report is signed with your key and recorded in the log. It cannot be deleted; an amendment is a new version, and the earlier versions stay visible.
report-when = When
field-occurred-start = Date and time
field-occurred-end = End (optional)
field-time-precision = Precision of the time
precision-minute = To the minute
precision-hour = To the hour
precision-day = To the day
precision-week = Within the week
precision-month = Within the month
report-where = Where
field-place = Nearest place
field-latitude = Latitude
field-longitude = Longitude
field-location-precision = Precision of the location, in metres
field-pick-on-map = Pick on the map
field-sector = Sector
report-what = What happened
field-category = Category
field-accused = Party alleged responsible
field-accused-none = Do not name a party
field-clauses = Clauses alleged breached
report-casualties = Casualties claimed
field-killed = Killed
field-wounded = Wounded
field-military = Military
field-civilian = Civilian
field-count-low = Low
field-count-best = Best estimate
field-count-high = High
field-title = Title
field-narrative = Narrative
field-narrative-language = Language of the narrative
field-sources = Sources
field-source-kind = Kind of source
source-official = Official statement
source-media = Media
source-field = Field report
source-social = Social media
source-other = Other
field-source-title = Title of the source
field-source-url = Link
field-source-published = Published on
action-add-source = Add a source
action-remove-source = Remove this source
report-submit = Sign and file the report
report-amend-submit = Sign and file the new version
report-filed = The report is filed and recorded in the log.

## Form: respond to a report

respond-title = Respond to the report
respond-position = Position
respond-acknowledge-help = You accept the report as filed.
respond-deny-help = You state that the incident did not happen as reported.
respond-contest-help = You dispute part of the report: time, place, attribution or casualties.
respond-counter-claim-help = You give a different account of what happened.
respond-narrative = Your account
respond-submit = Sign and send the response
respond-sent = The response is recorded.

## Form: attach evidence

evidence-title = Attach evidence
evidence-file = File
evidence-capture-time = Time of capture
evidence-capture-place = Place of capture
evidence-source-field = Source (device, unit or person)
evidence-visibility = Who may see it
visibility-public = Public
visibility-joint = Joint: all parties and the mediators
visibility-mediators = Mediators only: sealed for the other party
visibility-party = Own party only (draft)
evidence-hashing = Computing the fingerprint…
evidence-progress = { $percent }% uploaded
evidence-submit = Sign and register the evidence
evidence-registered = The evidence is registered.

## Form: open an investigation, notes, closing

investigation-title = Open an investigation
investigation-name = Title
investigation-mandate = Mandate
investigation-team = Team
investigation-team-help = The team must include members of every party and a mediator.
investigation-due = Finding due by
investigation-submit = Sign and open the investigation
investigation-opened = The investigation is open.
investigation-notes = Notes
investigation-add-note = Add a note
investigation-obstruction = Obstruction
obstruction-access-refused = Access refused
obstruction-site-unreachable = Site unreachable
obstruction-evidence-withheld = Evidence withheld
obstruction-witness-unavailable = Witness unavailable
obstruction-other = Other obstruction
investigation-close = Close the investigation
investigation-close-reason = Reason for closing

## Form: draft and sign a finding

finding-draft-title = Draft a finding
finding-summary = Summary
finding-breaches = Breaches of clauses
verdict-verified = Verified
verdict-rejected = Rejected
finding-sign-title = Sign the finding
finding-your-position = Your position
stance-concur = Concur
stance-dissent = Dissent
finding-reasons = Reasons
finding-reasons-help = A dissent must give reasons; they are shown beside the finding.
finding-sign-submit = Sign
finding-signed = Your signature is recorded.

## Validation messages

validation-form-errors =
    { $count ->
        [one] There is { $count } problem with this form.
       *[other] There are { $count } problems with this form.
    }
validation-required = This field is required.
validation-latitude = Latitude must be between { $min } and { $max }.
validation-longitude = Longitude must be between { $min } and { $max }.
validation-precision = Precision must be a whole number of metres, from { $min } to { $max }.
validation-end-before-start = The end cannot be before the start.
validation-future = This time is in the future.
validation-count = A count must be a whole number from 0 to { $max }.
validation-low-best-high = The counts must go in order: low, then best estimate, then high.
validation-too-long =
    { $max ->
        [one] At most { $max } character.
       *[other] At most { $max } characters.
    }
validation-url = Enter a full link starting with https:// or http://.
validation-unknown-sector = This sector is not in the deployment.
validation-unknown-category = This category is not known.
validation-due-past = The due date must be in the future.
validation-team = The team must include members of every party and a mediator.
validation-reasons = A dissent must give reasons.
validation-file-empty = The file is empty.
validation-file-too-large = The file is larger than the limit of { $mib } MiB.
validation-key-not-enrolled = This key is not enrolled, or it has been revoked.
validation-not-allowed = Your role does not allow this action.
validation-signature = The server could not verify the signature. Nothing was recorded.

## Categories: the ceasefire kinds, then ACLED event types

category-cross-border-fire = Cross-border fire
category-artillery-shelling = Artillery or shelling
category-air-drone-strike = Air or drone strike
category-airspace-violation = Airspace violation
category-infiltration = Infiltration
category-border-post-attack = Attack on a border post
category-ied = Improvised explosive device (IED)
category-crossing-closure = Crossing closure
category-civilian-harm = Harm to civilians
category-narcotics-activity = Narcotics activity
category-armed-clash = Armed clash
category-attack-on-civilians = Attack on civilians
category-suicide-bomb = Suicide bombing
category-abduction = Abduction or forced disappearance
category-arrests = Arrests
category-looting-property-destruction = Looting or destruction of property
category-peaceful-protest = Peaceful protest
category-violent-demonstration = Violent demonstration
category-agreement = Agreement
category-other = Other
category-group-ceasefire = Ceasefire violations
category-group-acled = Other events (ACLED types)

## Hotline console

hotline-title = Hotline
hotline-live = Live
hotline-reconnecting = Reconnecting…
hotline-new-message = New message
hotline-type = Type
msg-notice-of-fire = Notice of fire
msg-cease-fire-request = Request to cease fire
msg-prior-notice = Prior notice of activity
msg-medevac-request = Medical evacuation request
msg-crossing-notice = Crossing notice
msg-check-in = Check-in
msg-free-text = Free text
hotline-priority = Priority
priority-flash = Flash
priority-immediate = Immediate
priority-routine = Routine
hotline-from = From
hotline-to = To
hotline-sector = Sector
hotline-place = Place
hotline-text = Message
hotline-activity = Activity
hotline-activity-from = From
hotline-activity-until = Until
hotline-activity-area = Area
hotline-send = Sign and send
hotline-sent = The message is sent.
hotline-acknowledge = Acknowledge
hotline-reply = Reply
hotline-reply-optional = Reply (optional)
hotline-acknowledged = Acknowledged
hotline-acknowledged-by = Acknowledged by { $member } at { $time }
hotline-awaiting = Awaiting acknowledgement
hotline-countdown = { $duration } left to acknowledge
hotline-overdue = Not acknowledged: overdue by { $duration }
hotline-escalated-backup = Escalated to the backup officers and headquarters
hotline-escalated-mediators = Escalated to the mediators
hotline-alarm = Request to cease fire: acknowledge now
hotline-alarm-silence = Silence the alarm
hotline-check-ins = Check-ins
hotline-check-in-ok = Check-in on time
hotline-check-in-missed = Check-in missed
hotline-check-in-last = Last check-in: { $time }
hotline-check-in-next = Next check-in due { $time }
hotline-roster = Duty roster
hotline-none = No messages.

## Crossings

crossings-title = Crossings
crossing-name = Crossing
crossing-status = Status
crossing-open = Open
crossing-restricted = Restricted
crossing-closed = Closed
crossing-since = Since
crossing-since-date = Since { $date }
crossing-reason = Reason
crossing-set-by = Set by
crossing-history = History
crossing-update = Update the status
crossing-update-submit = Sign and update
crossings-lede = Each side sets its own gate, per class of traffic. A class passes only where both sides let it through.
crossing-classes-of = Traffic at { $crossing }
traffic-class = Traffic
traffic-all = All traffic
traffic-trade = Trade
traffic-transit = Transit trade
traffic-pedestrians = Pedestrians
traffic-returnees = Returnees
traffic-humanitarian = Humanitarian and UN cargo
crossing-side-of = { $party } side
crossing-together = Both sides
crossing-one-way = One way, into { $party }
crossing-direction = Direction
crossing-both-ways = Both ways
crossing-into = Only into { $party }
crossing-whole-border = The whole border
crossing-notice = Hotline notice to the other side
crossing-no-notice-named = None named
crossing-no-notice = No hotline notice to the other side is on record.
crossing-notice-sent = Notice sent to { $parties } at { $time }:
crossing-notice-acked = acknowledged by { $party } at { $time }.
crossing-notice-unacked = not acknowledged.
exceptions-title = Exceptions
exception-heading = { $class }, granted by { $party }
exception-counted = { $passed } of { $quota } { $unit } passed
exception-phase =
    { $count ->
       *[other] Phase { $count }
    }
exception-phase-col = Phase
exception-from = From
exception-until = Until
exception-passed = Passed
exception-new = Grant an exception
exception-unit = Counted in
exception-purpose = Purpose
exception-phases = Phases and quotas
exception-quota = quota
exception-submit = Sign and grant
unit-containers = containers
unit-trucks = trucks
unit-vehicles = vehicles
unit-people = people
passage-count = Number that passed
passage-at = When
passage-submit = Sign and count
figures-title = Reported figures
figures-border-title = Figures for the whole border
figures-help = Figures given by others (traders, chambers of commerce, the press), recorded with their source; the mechanism does not vouch for them.
figure-source = source:
figure-new = Record a reported figure
figure-measure = Figure
figure-value = Value
figure-as-of = As of
figure-source-name = Source
figure-source-url = Source link
figure-submit = Sign and record
measure-trucks-stranded = Trucks stranded
measure-containers-stranded = Containers stranded
measure-people-stranded = People stranded
measure-days-closed = Days closed
report-days-closed-by-class = Days closed, per class of traffic

## Commitments

commitments-title = Commitments
commitment-agreement = Agreement
commitment-clause = Clause
commitment-owed-by = Owed by
commitment-alleged = Alleged
commitment-verified = Verified
commitment-rejected = Rejected
commitment-incidents = Incidents alleged to breach this clause
commitment-breaches =
    { $count ->
        [one] { $count } breach
       *[other] { $count } breaches
    }

## Log explorer

log-title = Transparency log
log-intro = Every statement is an entry in this append-only log. Anyone can check that an entry is included and that the log was never rewritten.
log-checkpoint = Checkpoint
log-latest = Latest checkpoint
log-witnessed = Latest witnessed checkpoint
log-size = Size
log-entries =
    { $count ->
        [one] { $count } entry
       *[other] { $count } entries
    }
log-root = Root hash
log-witnesses = Witnesses
log-cosigned = Cosigned
log-not-cosigned = Not cosigned
log-cosigned-count = Cosigned by { $count } of { $total } witnesses
log-quorum = Quorum: { $count } of { $total }
log-lookup = Look up an entry
log-lookup-hint = Statement id or position in the log
log-lookup-submit = Look up
log-entry = Entry { $index }
log-entry-kind = Kind of statement
log-entry-signer = Signed by
log-entry-time = Signed at
log-entry-not-found = No entry has this id or position.
log-proof-verified = Inclusion proof verified
log-proof-failed = Inclusion proof failed
log-download-checkpoint = Download the checkpoint (signed note)

## Added with the forms, the console and the members page

nav-members = Members
form-not-accepted = Not accepted:
map-click-to-report = or click the map where it happened
hotline-members-only = Hotline messages are shown to signed-in members only.
incidents-all = All incidents, with filters
filter-ignored = These filters were not understood and are not applied:
validation-date = use a date such as 2025-10-19
report-who-may = Only members with the reporter role can file a report.
signing-needs-script = Signing needs JavaScript: your key signs in this browser and never leaves it.
signin-forget-key = Remove the key from this browser
signin-your-name = Your name
signin-your-party = Your party
members-title = Members
members-name = Name
members-roles = Roles
members-active = Active
members-revoked = Revoked
members-enrol = Enrol a member's key
members-enrol-help = Paste the public key the member's browser or the CLI shows. The enrolment is signed with your key and recorded in the public log.
members-enrol-submit = Sign and enrol
log-entry-id = Statement id
log-entry-logged = Recorded in the log at
log-proof-json = The inclusion proof (JSON)
log-statement-json = The statement (JSON)
counts-none = No incident in the last 7 days.
map-reference-show = Show reference events
map-reference-hide = Hide reference events
map-reference-legend = Reference event (not a party's claim)
map-reference-attribution = Grey squares: reference events within 25 km of the line, from external data sets, shown as context and not as claims by the parties. Source and licence:
hotline-event-message = Message
hotline-event-ack = Acknowledgement
hotline-event-escalation = Escalation
hotline-events-title = Events as they arrive
members-key = Public key
export-jsonl = Export as JSON lines
nav-reports = Reports
report-daily-title = Daily report
report-weekly-title = Weekly report
report-period = Period
report-cutoff = Cut-off
report-date = Day the period ends
report-checkpoint = Computed from the log at checkpoint (size · root hash):
report-summary = Summary
report-incidents = Incidents reported
report-previous = Previous period
report-this-period = This period
report-answered = Reports with a response
report-overdue = Reports past their response deadline without one
report-legend = Blue: this period. Grey: the period before. Figures include only what you may read.
report-none = None in this period.
report-by-sector = Incidents by sector
report-by-category = Incidents by category
report-by-reporter = Incidents by reporting party
report-by-accused = Incidents by party alleged responsible
report-findings = Findings made, by conclusion
report-verified-by-party = Verified findings, by party held responsible
report-per-day = Incidents per day
report-changes = Changes
report-days-closed = Days closed
report-hotline-messages = Messages
report-hotline-acknowledged = Acknowledged
report-hotline-median-ack = Median time to acknowledge
report-hotline-max-ack = Longest time to acknowledge
report-reference = Reference events within 25 km of the line
report-reference-help = From external data sets (UCDP GED, ACLED), for context: not claims by the parties.
report-source = Source
report-custom-title = Report over a chosen period
report-days = Days

# Notices of hotline messages and escalations, by email and webhook.
notice-subject = [Jirga] { $type } from { $from } · { $sector }
notice-escalated-subject = [Jirga] Not acknowledged, escalated to you: { $type } from { $from } · { $sector }
notice-sent-at = Sent { $time }
notice-was-due = Acknowledgement was due { $time }
notice-open-console = Acknowledge it on the hotline console:
notice-statement = Statement
deliveries-title = Notices sent
delivery-delivered = Delivered by { $channel } to { $member } ({ $to }) at { $time }
delivery-pending = Sending by { $channel } to { $member } ({ $to })
delivery-retrying = Not yet delivered by { $channel } to { $member } ({ $to }); failed attempts: { $attempts }; last error: { $error }
delivery-failed = Not delivered by { $channel } to { $member } ({ $to }); gave up after { $attempts } attempts; last error: { $error }
delivery-settled = Not sent by { $channel } to { $member }: acknowledged first
channel-email = email
channel-webhook = webhook
statement-signed-at = signed { $time }, sent later
outbox-title = Waiting to be sent
outbox-queued = Queued: it goes when the link returns
outbox-sent = Sent: waiting for the next checkpoint
outbox-logged = In the log, in a signed checkpoint
outbox-refused = Refused by the server:
outbox-signed = signed { $time }
form-queued = No link: signed and queued. It will be sent, in order, when the link returns.
offline-stale = Offline: this page is as it was at { $time }.

## Windows of silence

nav-windows = Windows of silence
windows-title = Windows of silence
windows-title-one = Window of silence
windows-lede = A local ceasefire, asked for by a party or a mediator, so that a crew can repair a line, the wounded can be evacuated, a convoy can pass or remains can be recovered. It is in force only once both parties have agreed; an incident inside it while it is in force is a violation of the window.
windows-map = Windows of silence not yet over
windows-none = No window of silence has been asked for.
window-present = Who will be there
window-requested-by = Asked for by { $party }
window-agreed-by = agreed by { $parties }
window-awaiting = awaiting { $parties }
window-violations =
    { $count ->
        [one] { $count } incident inside the window while it was in force:
       *[other] { $count } incidents inside the window while it was in force:
    }
window-reply = Reply
window-agree = Sign and agree
window-new = Ask for a window of silence
window-purpose = Purpose
window-start = Starts
window-end = Ends
window-text = What will happen, and where
window-submit = Sign and ask
window-purpose-repair-crew = Repair crew
window-purpose-medical-evacuation = Medical evacuation
window-purpose-humanitarian-convoy = Humanitarian convoy
window-purpose-recovery-of-remains = Recovery of remains
window-purpose-other = Other
window-stage-awaiting = Awaiting agreement
window-stage-agreed = Agreed, not begun
window-stage-under-way = In force now
window-stage-over = Over
window-stage-lapsed = Lapsed without agreement
hotline-event-window = Window of silence
msg-window-started = Window of silence begins
msg-window-ended = Window of silence over
notice-window-subject = [Jirga] { $type } · { $sector }
incident-in-window = Reported inside a window of silence in force: a violation of the window.
report-windows = Windows of silence
report-window-violations = Incidents inside a window in force

## One event, several claims

events-title = Events and their claims
events-lede = Both sides often report the same exchange of fire, each saying the other fired first. A mediator links such claims as one event; each stays as its party signed it, side by side, and the counts take the event once.
events-link-hint = claims linked as one event, and the pairs that look like one.
events-suggested = Pairs that look like one event
events-no-suggestion = No pair of claims looks like one event.
events-linked = Linked events
events-none = No claims have been linked as one event.
event-heading = One event, { $count } claims, linked by { $party }
event-hidden =
    { $count ->
        [one] { $count } more claim that you may not read
       *[other] { $count } more claims that you may not read
    }
event-apart = { $km } km and { $minutes } minutes apart; each accuses the other's reporter
event-claim-by = Claim of { $party }
event-accuses = accuses { $party }
event-note = Note
event-link = Sign and link as one event
event-claims =
    { $count ->
        [one] one event · { $count } claim
       *[other] one event · { $count } claims
    }
event-side-by-side = See the claims side by side.
incident-duplicate-badge = Repeat
incident-duplicate-of = Marked by its party as a repeat of its earlier report (open it).
duplicate-title = A repeat of your party's report?
duplicate-help = Mark this report as a repeat of one your party filed earlier nearby: it stays in the record but is not counted again.
duplicate-of = The earlier report
duplicate-submit = Sign and mark as a repeat
report-claims = Claims (each side's reports)
report-duplicates = Repeats, not counted

## From finding to consequence

record-lede = Per clause and party: breaches alleged by reports, verified or rejected by final findings, and not attributable; the violations the mediators reported; and the remedial actions the responsible party committed to, due, done or overdue.
record-not-attributable = Not attributable
record-violations = Violations reported
record-remedial-due = Remedial action due
record-remedial-done = Remedial action done
record-remedial-overdue = Remedial action overdue
violations-title = Violations and their consequences
violations-none = No violation has been reported on a final finding.
violation-responsible = responsible: { $party }
violation-incident = the incident
violation-quorum = Endorsed by { $endorsed } of the { $quorum } committee seats needed
step-violation-report = Violation report (mediators)
step-violation-endorse = Endorsement
step-violation-reply = Reply and remedial action
step-violation-decision = Decision
step-violation-follow-up = Follow-up
follow-up-done = done
follow-up-not-done = not done
violation-endorse = Sign and endorse for your party
violation-remedial-action = The remedial action your party commits to
violation-due = To be done by
violation-reply = Sign and reply
violation-measure = The measure the agreement provides
violation-decision-text = The decision
violation-decide = Sign the decision
violation-done = Was the remedial action done?
violation-follow-up-text = What was seen
violation-follow-up = Sign the follow-up
violation-new = Report a violation on a final finding
violation-summary = The violation, in the mediators' words
violation-report = Sign and report the violation

# Obligations, deliverables and the actor register (issue 16)
obligations-link = Obligations to act and their deliverables: reported, verified, overdue
obligations-title = Obligations and deliverables
obligations-lede = What the agreements oblige each party to do: what it reported, what the other party answered, what the mediators' visits found, and the outcome the verifying team signed, dissent beside it.
obligation-status-due = Due
obligation-status-overdue = Overdue
obligation-status-reported = Reported
obligation-status-verifying = Being verified
obligation-status-verified = Verified
obligation-refusals = Visits refused
obligation-obliged = { $party } is obliged
obligation-due-on = due { $date }
obligation-measure = How it is measured
step-performance-report = Performance report
step-performance-answer = Answer
step-verification-visit = Verification visit or check
step-verification-access = Access
step-deliverable-outcome = Outcome
step-deliverable-sign = Signature
done-done = done
done-partly-done = partly done
done-not-done = not done
answer-accept = accepted
answer-dispute = disputed
access-granted = granted
access-partial = partly granted
access-refused = refused
outcome-met = met
outcome-partly-met = partly met
outcome-unmet = not met
outcome-not-verifiable = not verifiable
outcome-final = Final
outcome-draft = Not final: awaiting concurrence
outcome-concur = concurs
outcome-dissent = dissents
outcome-sign = Sign the outcome
outcome-reasons = Reasons (required for a dissent)
performance-file = File a performance report
performance-done = What was done
performance-account = Account
performance-answer = Answer this report
incident-actor = Actor alleged
incident-launched-from = launched from (alleged)
incident-disputes = Contests: { $parts }
field-actor = Actor alleged to have acted
field-launched-from = Territory it was launched from
filter-actor = Actor alleged
claim-part-occurred = time
claim-part-location = place
claim-part-category = category
claim-part-casualties = casualties
claim-part-accused = party alleged responsible
claim-part-actor = actor named
claim-part-launched-from = territory named

# Signed translations (issue 16)
translation-by = Translation into { $lang } by { $party } ({ $name }); the original is authoritative
translation-disputed = Disputed by { $party }: { $reason }
translation-original = The original, as written
translation-add = Translate into this page's language
translation-title = Title, translated
translation-narrative = Account, translated
translation-submit = Sign and add the translation
translation-dispute = Dispute this translation
translation-dispute-reason = What the translation gets wrong
report-by-actor = Claims naming an armed group or other actor
report-deliverable = Deliverable
report-due = Due
# The actor register (issue 16)
actors-title = Armed groups and other actors
actors-help = The register the mediators keep. Who supports or hosts a group is what each side says, not a finding.
actor-name = Name
actor-type = Type (ACLED)
actor-said = What each side says
actor-incidents = Incidents naming it
actor-said-hosts = { $by } says { $party } hosts it
actor-said-supports = { $by } says { $party } supports it
actor-said-denies = { $by } says { $party } neither supports nor hosts it
actor-inter-2 = Rebel group
actor-inter-3 = Political militia
actor-inter-4 = Identity militia
actor-inter-5 = Rioters
actor-inter-6 = Protesters
actor-inter-7 = Civilians
actor-inter-8 = External or other forces
access-record = Record the access given
access-party = Party that granted or refused it
access-note = What happened
visit-schedule = Schedule a visit or check
visit-method = How
visit-planned = When
visit-place = Where
method-visit = Visit
method-remote-check = Remote check
method-document-review = Document review
outcome-draft-title = Draft the outcome
outcome-summary = What the verification established
outcome-rests-on = The visits and reports it rests on
respond-choose = Choose the position your party takes
incident-finding-not-yours = A finding exists; it is for the members of the parties and the mediators.
casualties-not-given = not given
