-- upsertAgencies
begin transaction;

create or replace temp table "stage_agency" as select "agency_id", "name_fa", "name_en", "kind", "sector", "parent_id", "deadline" from main."agency" limit 0;

insert into "agency" ("agency_id", "name_fa", "name_en", "kind", "sector", "parent_id", "deadline")
select "s"."agency_id", "s"."name_fa", "s"."name_en", "s"."kind", "s"."sector", "s"."parent_id", "s"."deadline"
from temp.main."stage_agency" s
left join "agency" t on "s"."agency_id" = "t"."agency_id"
where "t"."agency_id" is null or ("s"."name_fa", "s"."name_en", "s"."kind", "s"."sector", "s"."parent_id", "s"."deadline") is distinct from ("t"."name_fa", "t"."name_en", "t"."kind", "t"."sector", "t"."parent_id", "t"."deadline")
on conflict ("agency_id") do update set "name_fa" = excluded."name_fa", "name_en" = excluded."name_en", "kind" = excluded."kind", "sector" = excluded."sector", "parent_id" = excluded."parent_id", "deadline" = excluded."deadline";

drop table temp.main."stage_agency";

commit;

-- listAgencies
select * from "agency" order by "agency_id";

-- getAgency
select * from "agency" where "agency_id" = $1;

-- listServicesOfAgency
select * from "service" where "agency_id" = $1 order by "service_id";

-- upsertServices
begin transaction;

create or replace temp table "stage_service" as select "service_id", "agency_id", "name_fa", "name_en", "is_key", "stage", "uses_national_sso", "uses_exchange", "updated_at", "run_id" from main."service" limit 0;

insert into "service" ("service_id", "agency_id", "name_fa", "name_en", "is_key", "stage", "uses_national_sso", "uses_exchange", "updated_at", "run_id")
select "s"."service_id", "s"."agency_id", "s"."name_fa", "s"."name_en", "s"."is_key", "s"."stage", "s"."uses_national_sso", "s"."uses_exchange", "s"."updated_at", "s"."run_id"
from temp.main."stage_service" s
left join "service" t on "s"."service_id" = "t"."service_id"
where "t"."service_id" is null or ("s"."agency_id", "s"."name_fa", "s"."name_en", "s"."is_key", "s"."stage", "s"."uses_national_sso", "s"."uses_exchange") is distinct from ("t"."agency_id", "t"."name_fa", "t"."name_en", "t"."is_key", "t"."stage", "t"."uses_national_sso", "t"."uses_exchange")
on conflict ("service_id") do update set "agency_id" = excluded."agency_id", "name_fa" = excluded."name_fa", "name_en" = excluded."name_en", "is_key" = excluded."is_key", "stage" = excluded."stage", "uses_national_sso" = excluded."uses_national_sso", "uses_exchange" = excluded."uses_exchange", "updated_at" = excluded."updated_at", "run_id" = excluded."run_id";

drop table temp.main."stage_service";

commit;

-- upsertServiceDaily
begin transaction;

create or replace temp table "stage_service_daily" as select "date", "service_id", "agency_id", "requests", "completed", "failed", "availability_pct", "latency_p50_ms", "latency_p95_ms", "satisfaction_sum", "satisfaction_count", "docs_asked", "docs_fetched", "run_id" from main."service_daily" limit 0;

insert into "service_daily" ("date", "service_id", "agency_id", "requests", "completed", "failed", "availability_pct", "latency_p50_ms", "latency_p95_ms", "satisfaction_sum", "satisfaction_count", "docs_asked", "docs_fetched", "run_id")
select "s"."date", "s"."service_id", "s"."agency_id", "s"."requests", "s"."completed", "s"."failed", "s"."availability_pct", "s"."latency_p50_ms", "s"."latency_p95_ms", "s"."satisfaction_sum", "s"."satisfaction_count", "s"."docs_asked", "s"."docs_fetched", "s"."run_id"
from temp.main."stage_service_daily" s
left join "service_daily" t on "s"."date" = "t"."date" and "s"."service_id" = "t"."service_id"
where "t"."date" is null or ("s"."agency_id", "s"."requests", "s"."completed", "s"."failed", "s"."availability_pct", "s"."latency_p50_ms", "s"."latency_p95_ms", "s"."satisfaction_sum", "s"."satisfaction_count", "s"."docs_asked", "s"."docs_fetched") is distinct from ("t"."agency_id", "t"."requests", "t"."completed", "t"."failed", "t"."availability_pct", "t"."latency_p50_ms", "t"."latency_p95_ms", "t"."satisfaction_sum", "t"."satisfaction_count", "t"."docs_asked", "t"."docs_fetched")
on conflict ("date", "service_id") do update set "agency_id" = excluded."agency_id", "requests" = excluded."requests", "completed" = excluded."completed", "failed" = excluded."failed", "availability_pct" = excluded."availability_pct", "latency_p50_ms" = excluded."latency_p50_ms", "latency_p95_ms" = excluded."latency_p95_ms", "satisfaction_sum" = excluded."satisfaction_sum", "satisfaction_count" = excluded."satisfaction_count", "docs_asked" = excluded."docs_asked", "docs_fetched" = excluded."docs_fetched", "run_id" = excluded."run_id";

drop table temp.main."stage_service_daily";

commit;

-- upsertExchangeDaily
begin transaction;

create or replace temp table "stage_exchange_daily" as select "date", "provider_agency_id", "consumer_agency_id", "data_service", "calls", "failures", "latency_p50_ms", "latency_p95_ms", "run_id" from main."exchange_daily" limit 0;

insert into "exchange_daily" ("date", "provider_agency_id", "consumer_agency_id", "data_service", "calls", "failures", "latency_p50_ms", "latency_p95_ms", "run_id")
select "s"."date", "s"."provider_agency_id", "s"."consumer_agency_id", "s"."data_service", "s"."calls", "s"."failures", "s"."latency_p50_ms", "s"."latency_p95_ms", "s"."run_id"
from temp.main."stage_exchange_daily" s
left join "exchange_daily" t on "s"."date" = "t"."date" and "s"."provider_agency_id" = "t"."provider_agency_id" and "s"."consumer_agency_id" = "t"."consumer_agency_id" and "s"."data_service" = "t"."data_service"
where "t"."date" is null or ("s"."calls", "s"."failures", "s"."latency_p50_ms", "s"."latency_p95_ms") is distinct from ("t"."calls", "t"."failures", "t"."latency_p50_ms", "t"."latency_p95_ms")
on conflict ("date", "provider_agency_id", "consumer_agency_id", "data_service") do update set "calls" = excluded."calls", "failures" = excluded."failures", "latency_p50_ms" = excluded."latency_p50_ms", "latency_p95_ms" = excluded."latency_p95_ms", "run_id" = excluded."run_id";

drop table temp.main."stage_exchange_daily";

commit;

-- insertIntegrationEvents
begin transaction;

create or replace temp table "stage_integration_event" as select "event_id", "service_id", "agency_id", "occurred_at", "from_stage", "to_stage", "source_id", "run_id" from main."integration_event" limit 0;

insert into "integration_event" ("event_id", "service_id", "agency_id", "occurred_at", "from_stage", "to_stage", "source_id", "run_id")
select "s"."event_id", "s"."service_id", "s"."agency_id", "s"."occurred_at", "s"."from_stage", "s"."to_stage", "s"."source_id", "s"."run_id"
from temp.main."stage_integration_event" s
left join "integration_event" t on "s"."event_id" = "t"."event_id"
where "t"."event_id" is null or ("s"."service_id", "s"."agency_id", "s"."occurred_at", "s"."from_stage", "s"."to_stage", "s"."source_id") is distinct from ("t"."service_id", "t"."agency_id", "t"."occurred_at", "t"."from_stage", "t"."to_stage", "t"."source_id")
on conflict ("event_id") do update set "service_id" = excluded."service_id", "agency_id" = excluded."agency_id", "occurred_at" = excluded."occurred_at", "from_stage" = excluded."from_stage", "to_stage" = excluded."to_stage", "source_id" = excluded."source_id", "run_id" = excluded."run_id";

drop table temp.main."stage_integration_event";

commit;

-- startPipelineRun
insert into "pipeline_run" ("run_id", "source_id", "agency_id", "dataset", "started_at", "status", "received", "loaded", "rejected", "duplicate", "finished_at", "watermark_before", "watermark_after", "error") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14);

-- finishPipelineRun
update "pipeline_run" set "status" = $1, "finished_at" = $2 where "run_id" = $3;

-- insertRejectedRows
insert into "rejected_row" ("run_id", "source_id", "dataset", "row_number", "reason", "raw", "rejected_at") values ($1, $2, $3, $4, $5, $6, $7);

-- listRejectedRows
select * from "rejected_row" where "run_id" = $1 order by "reject_id" desc limit $2;

-- listPipelineRuns
select * from "pipeline_run" order by "started_at" desc, "run_id" desc limit $1;

-- upsertSourceState
insert into "source_state" ("source_id", "agency_id", "dataset", "base_url", "format", "token", "schedule", "enabled", "watermark", "last_run_id", "last_success_at", "last_error") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict ("source_id") do update set "agency_id" = $13, "dataset" = $14, "base_url" = $15, "format" = $16, "token" = $17, "schedule" = $18, "enabled" = $19, "watermark" = $20, "last_run_id" = $21, "last_success_at" = $22, "last_error" = $23;

-- getSourceState
select * from "source_state" where "source_id" = $1;

-- listSourceStates
select * from "source_state" order by "source_id";

-- getAgencyWeekFacts
with stage_as_of as (
  select service_id, to_stage as stage
  from integration_event
  where occurred_at < $1
  qualify row_number() over (partition by service_id order by occurred_at desc, event_id desc) = 1
),
services as (
  select s.agency_id,
         count(*) as services_total,
         count(*) filter (where e.stage = 'live') as services_live,
         count(*) filter (where s.is_key) as key_total,
         count(*) filter (where s.is_key and e.stage = 'live') as key_live,
         count(*) filter (where s.uses_national_sso and e.stage = 'live') as live_with_sso
  from service s left join stage_as_of e on e.service_id = s.service_id
  group by s.agency_id
),
metrics as (
  select agency_id,
         count(*) as metric_days,
         sum(requests) as requests,
         sum(completed) as completed,
         sum(satisfaction_sum) as satisfaction_sum,
         sum(satisfaction_count) as satisfaction_count,
         sum(docs_asked) as docs_asked,
         sum(docs_fetched) as docs_fetched,
         avg(availability_pct) as availability_pct,
         avg(latency_p95_ms) as latency_p95_ms
  from service_daily
  where date between cast($2 as date) and cast($3 as date)
  group by agency_id
),
served as (
  select provider_agency_id as agency_id, sum(calls) as calls
  from exchange_daily
  where date between cast($4 as date) and cast($5 as date)
  group by provider_agency_id
)
select a.agency_id,
       a.deadline,
       coalesce(s.services_total, 0) as services_total,
       coalesce(s.services_live, 0) as services_live,
       coalesce(s.key_total, 0) as key_total,
       coalesce(s.key_live, 0) as key_live,
       coalesce(s.live_with_sso, 0) as live_with_sso,
       coalesce(m.metric_days, 0) as metric_days,
       coalesce(m.requests, 0) as requests,
       coalesce(m.completed, 0) as completed,
       coalesce(m.satisfaction_sum, 0) as satisfaction_sum,
       coalesce(m.satisfaction_count, 0) as satisfaction_count,
       coalesce(m.docs_asked, 0) as docs_asked,
       coalesce(m.docs_fetched, 0) as docs_fetched,
       m.availability_pct,
       m.latency_p95_ms,
       coalesce(x.calls, 0) as exchange_calls_served
from agency a
left join services s on s.agency_id = a.agency_id
left join metrics m on m.agency_id = a.agency_id
left join served x on x.agency_id = a.agency_id
order by a.agency_id;

-- replaceScoreboardWeek
begin transaction;

delete from "scoreboard_weekly" where "week_end" = $1;

insert into "scoreboard_weekly" ("week_end", "agency_id", "methodology_version", "coverage", "identity", "exchange", "reliability", "experience", "index", "rank", "status", "expected_coverage", "services_total", "services_live", "computed_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15);

commit;

-- getScoreboardWeek
select "sw".*, "a"."name_fa", "a"."name_en", "a"."kind", "a"."sector" from "scoreboard_weekly" as "sw" inner join "agency" as "a" on "a"."agency_id" = "sw"."agency_id" where "sw"."week_end" = $1 order by "sw"."rank", "sw"."agency_id";

-- latestScoreboardWeek
select max("week_end") as "week_end" from "scoreboard_weekly";

-- listScoreboardWeeks
select distinct "week_end" from "scoreboard_weekly" order by "week_end" desc;
