-- Tailor's state on PostgreSQL: the tables of the SQLite file, one for one, with the same keys.
-- Times are epoch milliseconds (bigint), as in the SQLite file.

-- the event log; an event id is the client's dedup key, unique per visitor
create table events (
  seq bigint generated always as identity primary key,
  event_id text not null,
  user_id text not null,
  session_id text,
  event text not null,
  section text,
  time_spent double precision,
  scroll_depth double precision,
  goal text,
  device text,
  occurred_at bigint not null,
  received_at bigint not null,
  payload text not null,
  unique (user_id, event_id));
create index events_by_user on events (user_id, seq);
create index events_by_received on events (received_at);
-- a rollout's arms count the goals reached after exposure
create index events_goals on events (user_id, received_at) where event = 'goal';

create table failed_events (
  id bigint generated always as identity primary key,
  received_at bigint not null,
  field text not null,
  reason text not null,
  payload text not null,
  user_id text);
create index failed_by_user on failed_events (user_id);
create index failed_by_received on failed_events (received_at);

create table profiles (
  user_id text primary key,
  json text not null,
  updated_at bigint not null);

create table trigger_decisions (
  id bigint generated always as identity primary key,
  user_id text not null,
  decided_at bigint not null,
  outcome text not null,
  reason text not null);
create index decisions_by_user on trigger_decisions (user_id, id);
create index decisions_by_outcome on trigger_decisions (outcome, decided_at);

-- seq keeps the order of first save (SQLite's rowid): jobs created in one millisecond stay in order
create table jobs (
  id text primary key,
  seq bigint generated always as identity,
  user_id text not null,
  status text not null,
  created_at bigint not null,
  updated_at bigint not null,
  json text not null);
create index jobs_by_user on jobs (user_id, created_at);
create index jobs_by_created on jobs (created_at, seq);

create table variants (
  plan_hash text not null,
  base_commit text not null,
  audience text not null,
  plan_name text not null,
  commit_sha text not null,
  artifact_id text not null,
  deployment_id text not null,
  url text not null,
  created_at bigint not null,
  primary key (plan_hash, base_commit));

create table assignments (
  user_id text primary key,
  plan_hash text not null,
  base_commit text not null,
  assigned_at bigint not null);

create table rollouts (
  variant_key text primary key,
  variant text not null,
  owner text not null,
  percent integer not null,
  status text not null,
  stage_started_at bigint not null,
  reason text not null,
  looks integer not null default 0);

create table rollout_history (
  id bigint generated always as identity primary key,
  variant_key text not null,
  at bigint not null,
  percent integer not null,
  status text not null,
  reason text not null);

create table exposures (
  variant_key text not null,
  stage integer not null,
  user_id text not null,
  arm text not null,
  first_seen_at bigint not null,
  primary key (variant_key, stage, user_id));
create index exposures_by_user on exposures (user_id);
