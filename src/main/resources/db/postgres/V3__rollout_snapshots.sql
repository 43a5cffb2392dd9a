-- the numbers of each rollout stage over time, for the dashboard's charts: one row per arm and metric
-- of a snapshot (visitors repeated on each of an arm's rows); counts only, no visitor ids
create table rollout_snapshots (
  variant_key text not null,
  at bigint not null,
  stage integer not null,
  arm text not null,
  metric text not null,
  visitors integer not null,
  reached integer not null,
  primary key (variant_key, at, arm, metric));
