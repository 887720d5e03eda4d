// Forward-only migrations. Never edit a released migration: add the next one.
#include "model/schema.hpp"

#include <array>
#include <string>

namespace dc {

namespace {

// Version 1: the first field release.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE organisations (
  id TEXT PRIMARY KEY NOT NULL, created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL, author_coach_id TEXT NOT NULL, origin_device_id TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL, kind TEXT NOT NULL DEFAULT '');
CREATE TABLE coaches (
  id TEXT PRIMARY KEY NOT NULL, created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL, author_coach_id TEXT NOT NULL, origin_device_id TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL, organisation_id TEXT REFERENCES organisations(id) DEFERRABLE INITIALLY DEFERRED,
  role TEXT NOT NULL);
CREATE TABLE neighbourhoods (
  id TEXT PRIMARY KEY NOT NULL, created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL, author_coach_id TEXT NOT NULL, origin_device_id TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL, city TEXT NOT NULL DEFAULT '');
CREATE TABLE target_groups (
  id TEXT PRIMARY KEY NOT NULL, created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL, author_coach_id TEXT NOT NULL, origin_device_id TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL);
CREATE TABLE help_categories (
  id TEXT PRIMARY KEY NOT NULL, created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL, author_coach_id TEXT NOT NULL, origin_device_id TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  parent_id TEXT REFERENCES help_categories(id) DEFERRABLE INITIALLY DEFERRED,
  name TEXT NOT NULL, sort_order INTEGER NOT NULL DEFAULT 0);
CREATE TABLE participants (
  id TEXT PRIMARY KEY NOT NULL, created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL, author_coach_id TEXT NOT NULL, origin_device_id TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  pseudonym TEXT NOT NULL, age_band TEXT NOT NULL, target_group_ids TEXT NOT NULL DEFAULT '[]',
  neighbourhood_id TEXT REFERENCES neighbourhoods(id) DEFERRABLE INITIALLY DEFERRED,
  language TEXT NOT NULL, contact_preference TEXT NOT NULL, phone TEXT NOT NULL DEFAULT '',
  consent_date TEXT, consent_scopes TEXT NOT NULL DEFAULT '[]', notes TEXT NOT NULL DEFAULT '');
CREATE TABLE help_requests (
  id TEXT PRIMARY KEY NOT NULL, created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL, author_coach_id TEXT NOT NULL, origin_device_id TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  occurred_at TEXT NOT NULL,
  participant_id TEXT REFERENCES participants(id) DEFERRABLE INITIALLY DEFERRED,
  channel TEXT NOT NULL,
  neighbourhood_id TEXT REFERENCES neighbourhoods(id) DEFERRABLE INITIALLY DEFERRED,
  organisation_id TEXT REFERENCES organisations(id) DEFERRABLE INITIALLY DEFERRED,
  category_id TEXT NOT NULL REFERENCES help_categories(id) DEFERRABLE INITIALLY DEFERRED,
  duration_minutes INTEGER NOT NULL, outcome TEXT NOT NULL, referral TEXT NOT NULL DEFAULT '',
  follow_up_on TEXT, notes TEXT NOT NULL DEFAULT '');
CREATE TABLE devices (
  id TEXT PRIMARY KEY NOT NULL, created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL, author_coach_id TEXT NOT NULL, origin_device_id TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  kind TEXT NOT NULL, model TEXT NOT NULL DEFAULT '', asset_tag TEXT NOT NULL DEFAULT '',
  serial_number TEXT NOT NULL DEFAULT '', source TEXT NOT NULL, condition TEXT NOT NULL,
  status TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '');
CREATE TABLE device_handouts (
  id TEXT PRIMARY KEY NOT NULL, created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL, author_coach_id TEXT NOT NULL, origin_device_id TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  device_id TEXT NOT NULL REFERENCES devices(id) DEFERRABLE INITIALLY DEFERRED,
  participant_id TEXT REFERENCES participants(id) DEFERRABLE INITIALLY DEFERRED,
  kind TEXT NOT NULL, handed_out_on TEXT NOT NULL, due_on TEXT, returned_on TEXT,
  return_condition TEXT NOT NULL DEFAULT '', accessories TEXT NOT NULL DEFAULT '',
  internet_support TEXT NOT NULL DEFAULT '[]', notes TEXT NOT NULL DEFAULT '');
CREATE TABLE group_sessions (
  id TEXT PRIMARY KEY NOT NULL, created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL, author_coach_id TEXT NOT NULL, origin_device_id TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  held_on TEXT NOT NULL, kind TEXT NOT NULL, theme TEXT NOT NULL DEFAULT '', place TEXT NOT NULL DEFAULT '',
  neighbourhood_id TEXT REFERENCES neighbourhoods(id) DEFERRABLE INITIALLY DEFERRED,
  organisation_id TEXT REFERENCES organisations(id) DEFERRABLE INITIALLY DEFERRED,
  duration_minutes INTEGER NOT NULL, trainers TEXT NOT NULL DEFAULT '',
  anonymous_count INTEGER NOT NULL DEFAULT 0, notes TEXT NOT NULL DEFAULT '');
CREATE TABLE attendances (
  id TEXT PRIMARY KEY NOT NULL, created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL, author_coach_id TEXT NOT NULL, origin_device_id TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  session_id TEXT NOT NULL REFERENCES group_sessions(id) DEFERRABLE INITIALLY DEFERRED,
  participant_id TEXT NOT NULL REFERENCES participants(id) DEFERRABLE INITIALLY DEFERRED,
  walk_in INTEGER NOT NULL DEFAULT 0);
CREATE TABLE skills_screenings (
  id TEXT PRIMARY KEY NOT NULL, created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL, author_coach_id TEXT NOT NULL, origin_device_id TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  participant_id TEXT NOT NULL REFERENCES participants(id) DEFERRABLE INITIALLY DEFERRED,
  screened_on TEXT NOT NULL, levels TEXT NOT NULL DEFAULT '{}', notes TEXT NOT NULL DEFAULT '');
-- Every local change waits here until the hub acknowledges it.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, record_type TEXT NOT NULL, record_id TEXT NOT NULL,
  version INTEGER NOT NULL, queued_at_ms INTEGER NOT NULL);
)sql";

// Version 2: local settings (coach profile, language, drafts, sync state), the
// sync rejections and the indexes
// the Today screen and the yearly figures need.
constexpr std::string_view kVersion2 = R"sql(
CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
-- Records the hub refused, set aside with its reason so they do not block the queue.
CREATE TABLE sync_rejected (
  record_type TEXT NOT NULL, record_id TEXT NOT NULL, version INTEGER NOT NULL, reason TEXT NOT NULL,
  rejected_at_ms INTEGER NOT NULL, PRIMARY KEY (record_type, record_id, version));
CREATE INDEX help_requests_by_time ON help_requests(occurred_at);
CREATE INDEX help_requests_by_participant ON help_requests(participant_id) WHERE participant_id IS NOT NULL;
CREATE INDEX help_requests_by_follow_up ON help_requests(follow_up_on) WHERE follow_up_on IS NOT NULL;
CREATE INDEX device_handouts_by_device ON device_handouts(device_id);
CREATE INDEX device_handouts_by_participant ON device_handouts(participant_id);
CREATE INDEX attendances_by_session ON attendances(session_id);
CREATE INDEX attendances_by_participant ON attendances(participant_id);
CREATE INDEX skills_screenings_by_participant ON skills_screenings(participant_id);
CREATE INDEX outbox_by_record ON outbox(record_type, record_id);
)sql";

// Version 3: the yearly figures over a million help requests. SQLite groups help by
// month, channel, category and neighbourhood straight from the first index (no sort),
// and counts each participant's help with one seek per person in the second.
constexpr std::string_view kVersion3 = R"sql(
CREATE INDEX help_requests_by_month ON help_requests(substr(occurred_at, 1, 7), channel, category_id,
  neighbourhood_id, occurred_at) WHERE deleted = 0;
CREATE INDEX help_requests_by_participant_time ON help_requests(participant_id, occurred_at, channel)
  WHERE deleted = 0 AND participant_id IS NOT NULL;
)sql";

// Version 4: the passphrase-wrapped data key that encrypts personal fields.
constexpr std::string_view kVersion4 = R"sql(
CREATE TABLE key_wrap (
  id INTEGER PRIMARY KEY CHECK (id = 1), salt BLOB NOT NULL, ops_limit INTEGER NOT NULL,
  mem_limit INTEGER NOT NULL, nonce BLOB NOT NULL, wrapped_key BLOB NOT NULL, changed_at_ms INTEGER NOT NULL);
)sql";

// Version 5: erasure on request leaves a dated, anonymous participant behind.
constexpr std::string_view kVersion5 = R"sql(
ALTER TABLE participants ADD COLUMN erased_on TEXT;
)sql";

// Version 6: running counts of live help requests, kept by triggers inside the very
// transaction that writes a request (a save, a sync-applied record, an edit that moves
// it to another month or category, a tombstone, a purge), so the yearly figures read a
// few thousand count rows instead of every request. Per month, channel, category and
// neighbourhood ('' for none); and per person, by month ('YYYY-MM') and by year ('YYYY'),
// for the number of distinct people helped, keyed span first so a year is one run of rows.
constexpr std::string_view kVersion6Tables = R"sql(
CREATE TABLE help_request_counts (
  month TEXT NOT NULL, channel TEXT NOT NULL, category_id TEXT NOT NULL, neighbourhood_id TEXT NOT NULL,
  requests INTEGER NOT NULL,
  PRIMARY KEY (month, channel, category_id, neighbourhood_id)) WITHOUT ROWID;
CREATE TABLE help_request_person_counts (
  participant_id TEXT NOT NULL, span TEXT NOT NULL, requests INTEGER NOT NULL, at_home INTEGER NOT NULL,
  PRIMARY KEY (span, participant_id)) WITHOUT ROWID;
-- Sessions of a period are found without reading every session and attendance.
CREATE INDEX group_sessions_by_day ON group_sessions(held_on) WHERE deleted = 0;
-- The requests already in the file.
INSERT INTO help_request_counts
  SELECT substr(occurred_at, 1, 7), channel, category_id, coalesce(neighbourhood_id, ''), count(*)
  FROM help_requests WHERE deleted = 0 GROUP BY 1, 2, 3, 4;
INSERT INTO help_request_person_counts
  SELECT participant_id, substr(occurred_at, 1, 7), count(*), sum(channel = 'home')
  FROM help_requests WHERE deleted = 0 AND participant_id IS NOT NULL GROUP BY 1, 2;
INSERT INTO help_request_person_counts
  SELECT participant_id, substr(occurred_at, 1, 4), count(*), sum(channel = 'home')
  FROM help_requests WHERE deleted = 0 AND participant_id IS NOT NULL GROUP BY 1, 2;
)sql";

// What the live row NEW adds to the counts, and what the live row OLD takes away.
constexpr std::string_view kCountNewRequest = R"sql(
  INSERT INTO help_request_counts
    VALUES (substr(NEW.occurred_at, 1, 7), NEW.channel, NEW.category_id, coalesce(NEW.neighbourhood_id, ''), 1)
    ON CONFLICT DO UPDATE SET requests = requests + 1;
  INSERT INTO help_request_person_counts
    SELECT NEW.participant_id, span, 1, NEW.channel = 'home'
    FROM (SELECT substr(NEW.occurred_at, 1, 7) AS span UNION ALL SELECT substr(NEW.occurred_at, 1, 4))
    WHERE NEW.participant_id IS NOT NULL
    ON CONFLICT DO UPDATE SET requests = requests + 1, at_home = at_home + excluded.at_home;
)sql";
constexpr std::string_view kUncountOldRequest = R"sql(
  UPDATE help_request_counts SET requests = requests - 1
    WHERE month = substr(OLD.occurred_at, 1, 7) AND channel = OLD.channel AND category_id = OLD.category_id
      AND neighbourhood_id = coalesce(OLD.neighbourhood_id, '');
  UPDATE help_request_person_counts SET requests = requests - 1, at_home = at_home - (OLD.channel = 'home')
    WHERE participant_id = OLD.participant_id
      AND span IN (substr(OLD.occurred_at, 1, 7), substr(OLD.occurred_at, 1, 4));
)sql";
// The columns the counts depend on: an update of any other column changes nothing.
constexpr std::string_view kCountedColumns = "occurred_at, participant_id, channel, neighbourhood_id, category_id, deleted";

std::string trigger(std::string_view name, std::string_view when, std::string_view body) {
    return "CREATE TRIGGER " + std::string(name) + " " + std::string(when) + " BEGIN" + std::string(body) + "END;\n";
}

// The four triggers that keep the running counts. An update takes the old row out (when
// it was live) and puts the new one in (when it is).
std::string countTriggers(std::string_view countNew, std::string_view uncountOld, std::string_view countedColumns) {
    const std::string onUpdate = "AFTER UPDATE OF " + std::string(countedColumns) + " ON help_requests";
    return trigger("help_request_counts_after_insert", "AFTER INSERT ON help_requests WHEN NEW.deleted = 0", countNew) +
           trigger("help_request_counts_after_delete", "AFTER DELETE ON help_requests WHEN OLD.deleted = 0", uncountOld) +
           trigger("help_request_counts_after_update_old", onUpdate + " WHEN OLD.deleted = 0", uncountOld) +
           trigger("help_request_counts_after_update_new", onUpdate + " WHEN NEW.deleted = 0", countNew);
}

const std::string kVersion6 =
    std::string(kVersion6Tables) + countTriggers(kCountNewRequest, kUncountOldRequest, kCountedColumns);

// Version 7: a coordinator's copy of the hub's conflict log, so conflicts can be settled
// offline. The losing version's content may hold personal fields: loser_data is sealed
// like a personal field once the file has a passphrase, and an erasure removes the rows.
constexpr std::string_view kVersion7 = R"sql(
CREATE TABLE sync_conflicts (
  hub_seq INTEGER PRIMARY KEY NOT NULL, record_type TEXT NOT NULL, record_id TEXT NOT NULL,
  participant_id TEXT, loser_version INTEGER NOT NULL, loser_updated_at_ms INTEGER NOT NULL,
  loser_origin TEXT NOT NULL, loser_author TEXT NOT NULL, loser_deleted INTEGER NOT NULL,
  loser_data TEXT NOT NULL, winner_version INTEGER NOT NULL, winner_origin TEXT NOT NULL,
  logged_at_ms INTEGER NOT NULL, settled_at_ms INTEGER);
CREATE INDEX sync_conflicts_open ON sync_conflicts(hub_seq) WHERE settled_at_ms IS NULL;
CREATE TRIGGER sync_conflicts_forget_erased_update AFTER UPDATE OF erased_on ON participants
  WHEN NEW.erased_on IS NOT NULL BEGIN
  DELETE FROM sync_conflicts WHERE record_id = NEW.id OR participant_id = NEW.id; END;
CREATE TRIGGER sync_conflicts_forget_erased_insert AFTER INSERT ON participants
  WHEN NEW.erased_on IS NOT NULL BEGIN
  DELETE FROM sync_conflicts WHERE record_id = NEW.id OR participant_id = NEW.id; END;
)sql";

// Version 8: funded projects, and the optional project of help requests, group sessions,
// screenings and hand-outs (none on every record written before). The running counts of
// version 6 gain the project, so one project's figures read count rows too; the month
// index gains project and participant, so the partial months at a period's edges are
// read from the index alone. Kept as one self-contained step.
constexpr std::string_view kVersion8Tables = R"sql(
CREATE TABLE projects (
  id TEXT PRIMARY KEY NOT NULL, created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL, author_coach_id TEXT NOT NULL, origin_device_id TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL, funder TEXT NOT NULL DEFAULT '', region TEXT NOT NULL DEFAULT '',
  starts_on TEXT NOT NULL, ends_on TEXT, indicators TEXT NOT NULL DEFAULT '[]');
ALTER TABLE help_requests ADD COLUMN project_id TEXT REFERENCES projects(id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE group_sessions ADD COLUMN project_id TEXT REFERENCES projects(id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE skills_screenings ADD COLUMN project_id TEXT REFERENCES projects(id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE device_handouts ADD COLUMN project_id TEXT REFERENCES projects(id) DEFERRABLE INITIALLY DEFERRED;
DROP TRIGGER help_request_counts_after_insert;
DROP TRIGGER help_request_counts_after_delete;
DROP TRIGGER help_request_counts_after_update_old;
DROP TRIGGER help_request_counts_after_update_new;
DROP TABLE help_request_counts;
DROP TABLE help_request_person_counts;
DROP INDEX help_requests_by_month;
CREATE INDEX help_requests_by_month_project ON help_requests(substr(occurred_at, 1, 7), channel, category_id,
  neighbourhood_id, occurred_at, project_id, participant_id) WHERE deleted = 0;
-- '' stands for "no project" (and no neighbourhood), so the key has no NULLs.
CREATE TABLE help_request_counts (
  month TEXT NOT NULL, channel TEXT NOT NULL, category_id TEXT NOT NULL, neighbourhood_id TEXT NOT NULL,
  project_id TEXT NOT NULL, requests INTEGER NOT NULL,
  PRIMARY KEY (month, channel, category_id, neighbourhood_id, project_id)) WITHOUT ROWID;
-- Span and person first, as before: the people of a span come out grouped, without a sort.
CREATE TABLE help_request_person_counts (
  participant_id TEXT NOT NULL, span TEXT NOT NULL, project_id TEXT NOT NULL, requests INTEGER NOT NULL,
  at_home INTEGER NOT NULL,
  PRIMARY KEY (span, participant_id, project_id)) WITHOUT ROWID;
CREATE INDEX group_sessions_by_project ON group_sessions(project_id) WHERE project_id IS NOT NULL;
CREATE INDEX device_handouts_by_project ON device_handouts(project_id) WHERE project_id IS NOT NULL;
CREATE INDEX skills_screenings_by_project ON skills_screenings(project_id) WHERE project_id IS NOT NULL;
INSERT INTO help_request_counts
  SELECT substr(occurred_at, 1, 7), channel, category_id, coalesce(neighbourhood_id, ''), '', count(*)
  FROM help_requests WHERE deleted = 0 GROUP BY 1, 2, 3, 4;
INSERT INTO help_request_person_counts
  SELECT participant_id, substr(occurred_at, 1, 7), '', count(*), sum(channel = 'home')
  FROM help_requests WHERE deleted = 0 AND participant_id IS NOT NULL GROUP BY 1, 2;
INSERT INTO help_request_person_counts
  SELECT participant_id, substr(occurred_at, 1, 4), '', count(*), sum(channel = 'home')
  FROM help_requests WHERE deleted = 0 AND participant_id IS NOT NULL GROUP BY 1, 2;
)sql";

constexpr std::string_view kCountNewRequestByProject = R"sql(
  INSERT INTO help_request_counts
    VALUES (substr(NEW.occurred_at, 1, 7), NEW.channel, NEW.category_id, coalesce(NEW.neighbourhood_id, ''),
            coalesce(NEW.project_id, ''), 1)
    ON CONFLICT DO UPDATE SET requests = requests + 1;
  INSERT INTO help_request_person_counts
    SELECT NEW.participant_id, span, coalesce(NEW.project_id, ''), 1, NEW.channel = 'home'
    FROM (SELECT substr(NEW.occurred_at, 1, 7) AS span UNION ALL SELECT substr(NEW.occurred_at, 1, 4))
    WHERE NEW.participant_id IS NOT NULL
    ON CONFLICT DO UPDATE SET requests = requests + 1, at_home = at_home + excluded.at_home;
)sql";
constexpr std::string_view kUncountOldRequestByProject = R"sql(
  UPDATE help_request_counts SET requests = requests - 1
    WHERE month = substr(OLD.occurred_at, 1, 7) AND channel = OLD.channel AND category_id = OLD.category_id
      AND neighbourhood_id = coalesce(OLD.neighbourhood_id, '') AND project_id = coalesce(OLD.project_id, '');
  UPDATE help_request_person_counts SET requests = requests - 1, at_home = at_home - (OLD.channel = 'home')
    WHERE participant_id = OLD.participant_id AND project_id = coalesce(OLD.project_id, '')
      AND span IN (substr(OLD.occurred_at, 1, 7), substr(OLD.occurred_at, 1, 4));
)sql";
constexpr std::string_view kCountedColumnsByProject =
    "occurred_at, participant_id, channel, neighbourhood_id, category_id, project_id, deleted";

const std::string kVersion8 = std::string(kVersion8Tables) + countTriggers(kCountNewRequestByProject,
                                                                             kUncountOldRequestByProject,
                                                                             kCountedColumnsByProject);

// Version 9: reference lists carry an English name beside the Dutch one ('' when the
// Dutch name serves, as for place names).
constexpr std::string_view kVersion9 = R"sql(
ALTER TABLE neighbourhoods ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE target_groups ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE help_categories ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
)sql";

const std::array kMigrations{Migration{1, kVersion1}, Migration{2, kVersion2}, Migration{3, kVersion3},
                                 Migration{4, kVersion4}, Migration{5, kVersion5}, Migration{6, kVersion6},
                                 Migration{7, kVersion7}, Migration{8, kVersion8},
                                 Migration{9, kVersion9}};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

}  // namespace dc
