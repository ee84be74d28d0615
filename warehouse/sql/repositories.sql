-- upsertAgencies
begin transaction;

create or replace temp table "stage_agency" as select "agency_id", "name_fa", "name_en", "kind", "sector", "parent_id", "deadline" from main."agency" limit 0;

select count(*) as stored from temp.main."stage_agency" s join "agency" t on "s"."agency_id" = "t"."agency_id";

insert into "agency" ("agency_id", "name_fa", "name_en", "kind", "sector", "parent_id", "deadline")
select "s"."agency_id", "s"."name_fa", "s"."name_en", "s"."kind", "s"."sector", "s"."parent_id", "s"."deadline"
from temp.main."stage_agency" s;

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

select count(*) as stored from temp.main."stage_service" s join "service" t on "s"."service_id" = "t"."service_id";

insert into "service" ("service_id", "agency_id", "name_fa", "name_en", "is_key", "stage", "uses_national_sso", "uses_exchange", "updated_at", "run_id")
select "s"."service_id", "s"."agency_id", "s"."name_fa", "s"."name_en", "s"."is_key", "s"."stage", "s"."uses_national_sso", "s"."uses_exchange", "s"."updated_at", "s"."run_id"
from temp.main."stage_service" s;

drop table temp.main."stage_service";

commit;

-- upsertServiceDaily
begin transaction;

create or replace temp table "stage_service_daily" as select "date", "service_id", "agency_id", "requests", "completed", "failed", "availability_pct", "latency_p50_ms", "latency_p95_ms", "satisfaction_sum", "satisfaction_count", "docs_asked", "docs_fetched", "run_id" from main."service_daily" limit 0;

select count(*) as stored from temp.main."stage_service_daily" s join "service_daily" t on "s"."date" = "t"."date" and "s"."service_id" = "t"."service_id";

insert into "service_daily" ("date", "service_id", "agency_id", "requests", "completed", "failed", "availability_pct", "latency_p50_ms", "latency_p95_ms", "satisfaction_sum", "satisfaction_count", "docs_asked", "docs_fetched", "run_id")
select "s"."date", "s"."service_id", "s"."agency_id", "s"."requests", "s"."completed", "s"."failed", "s"."availability_pct", "s"."latency_p50_ms", "s"."latency_p95_ms", "s"."satisfaction_sum", "s"."satisfaction_count", "s"."docs_asked", "s"."docs_fetched", "s"."run_id"
from temp.main."stage_service_daily" s;

drop table temp.main."stage_service_daily";

commit;

-- upsertServiceDaily (a stored key)
begin transaction;

create or replace temp table "stage_service_daily" as select "date", "service_id", "agency_id", "requests", "completed", "failed", "availability_pct", "latency_p50_ms", "latency_p95_ms", "satisfaction_sum", "satisfaction_count", "docs_asked", "docs_fetched", "run_id" from main."service_daily" limit 0;

select count(*) as stored from temp.main."stage_service_daily" s join "service_daily" t on "s"."date" = "t"."date" and "s"."service_id" = "t"."service_id";

update "service_daily"
set "agency_id" = "s"."agency_id", "requests" = "s"."requests", "completed" = "s"."completed", "failed" = "s"."failed", "availability_pct" = "s"."availability_pct", "latency_p50_ms" = "s"."latency_p50_ms", "latency_p95_ms" = "s"."latency_p95_ms", "satisfaction_sum" = "s"."satisfaction_sum", "satisfaction_count" = "s"."satisfaction_count", "docs_asked" = "s"."docs_asked", "docs_fetched" = "s"."docs_fetched", "run_id" = "s"."run_id"
from (
  select "s"."date", "s"."service_id", "s"."agency_id", "s"."requests", "s"."completed", "s"."failed", "s"."availability_pct", "s"."latency_p50_ms", "s"."latency_p95_ms", "s"."satisfaction_sum", "s"."satisfaction_count", "s"."docs_asked", "s"."docs_fetched", "s"."run_id"
  from temp.main."stage_service_daily" s
  join "service_daily" t on "s"."date" = "t"."date" and "s"."service_id" = "t"."service_id"
  where ("s"."agency_id", "s"."requests", "s"."completed", "s"."failed", "s"."availability_pct", "s"."latency_p50_ms", "s"."latency_p95_ms", "s"."satisfaction_sum", "s"."satisfaction_count", "s"."docs_asked", "s"."docs_fetched") is distinct from ("t"."agency_id", "t"."requests", "t"."completed", "t"."failed", "t"."availability_pct", "t"."latency_p50_ms", "t"."latency_p95_ms", "t"."satisfaction_sum", "t"."satisfaction_count", "t"."docs_asked", "t"."docs_fetched")
) s
where "s"."date" = "service_daily"."date" and "s"."service_id" = "service_daily"."service_id";

insert into "service_daily" ("date", "service_id", "agency_id", "requests", "completed", "failed", "availability_pct", "latency_p50_ms", "latency_p95_ms", "satisfaction_sum", "satisfaction_count", "docs_asked", "docs_fetched", "run_id")
select "s"."date", "s"."service_id", "s"."agency_id", "s"."requests", "s"."completed", "s"."failed", "s"."availability_pct", "s"."latency_p50_ms", "s"."latency_p95_ms", "s"."satisfaction_sum", "s"."satisfaction_count", "s"."docs_asked", "s"."docs_fetched", "s"."run_id"
from temp.main."stage_service_daily" s
where not exists (select 1 from "service_daily" where "s"."date" = "service_daily"."date" and "s"."service_id" = "service_daily"."service_id");

drop table temp.main."stage_service_daily";

commit;

-- upsertExchangeDaily
begin transaction;

create or replace temp table "stage_exchange_daily" as select "date", "provider_agency_id", "consumer_agency_id", "data_service", "calls", "failures", "latency_p50_ms", "latency_p95_ms", "run_id" from main."exchange_daily" limit 0;

select count(*) as stored from temp.main."stage_exchange_daily" s join "exchange_daily" t on "s"."date" = "t"."date" and "s"."provider_agency_id" = "t"."provider_agency_id" and "s"."consumer_agency_id" = "t"."consumer_agency_id" and "s"."data_service" = "t"."data_service";

insert into "exchange_daily" ("date", "provider_agency_id", "consumer_agency_id", "data_service", "calls", "failures", "latency_p50_ms", "latency_p95_ms", "run_id")
select "s"."date", "s"."provider_agency_id", "s"."consumer_agency_id", "s"."data_service", "s"."calls", "s"."failures", "s"."latency_p50_ms", "s"."latency_p95_ms", "s"."run_id"
from temp.main."stage_exchange_daily" s;

drop table temp.main."stage_exchange_daily";

commit;

-- insertIntegrationEvents
begin transaction;

create or replace temp table "stage_integration_event" as select "event_id", "service_id", "agency_id", "occurred_at", "from_stage", "to_stage", "source_id", "run_id" from main."integration_event" limit 0;

select count(*) as stored from temp.main."stage_integration_event" s join "integration_event" t on "s"."event_id" = "t"."event_id";

insert into "integration_event" ("event_id", "service_id", "agency_id", "occurred_at", "from_stage", "to_stage", "source_id", "run_id")
select "s"."event_id", "s"."service_id", "s"."agency_id", "s"."occurred_at", "s"."from_stage", "s"."to_stage", "s"."source_id", "s"."run_id"
from temp.main."stage_integration_event" s;

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

-- recordPipelineRun
insert into "pipeline_run" ("run_id", "source_id", "agency_id", "dataset", "started_at", "status", "received", "loaded", "rejected", "duplicate", "finished_at", "watermark_before", "watermark_after", "error") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14);

-- getPipelineRun
select * from "pipeline_run" where "run_id" = $1;

-- setSourceBreakerState
update "source_state" set "breaker_state" = $1 where "source_id" = $2;

-- listRestatements
select * from "restatement" where "run_id" = $1 order by "restatement_id" desc limit $2;

-- listAgencyFreshness
with data_days as (
  select agency_id, 'service-metrics' as dataset, max(date) as last_data_day from service_daily group by agency_id
  union all
  select provider_agency_id, 'exchange', max(date) from exchange_daily group by provider_agency_id
  union all
  select agency_id, 'integration-events', max(cast(occurred_at as date)) from integration_event group by agency_id
),
datasets as (
  select agency_id, dataset from data_days
  union
  select agency_id, dataset from source_state
)
select a.agency_id, d.dataset, cast(dd.last_data_day as date) as last_data_day, s.last_success_at, s.last_error, s.breaker_state
from agency a
left join datasets d on d.agency_id = a.agency_id
left join data_days dd on dd.agency_id = d.agency_id and dd.dataset = d.dataset
left join source_state s on s.agency_id = d.agency_id and s.dataset = d.dataset
order by a.agency_id, d.dataset;

-- loadRawStage (service-metrics)
begin transaction;

create or replace temp table "raw_batch" (row_number bigint, raw varchar, parse_error varchar, "date" varchar, "serviceId" varchar, "requests" varchar, "completed" varchar, "failed" varchar, "availabilityPct" varchar, "latencyP50Ms" varchar, "latencyP95Ms" varchar, "satisfactionSum" varchar, "satisfactionCount" varchar, "docsAsked" varchar, "docsFetched" varchar);

describe "temp"."main"."raw_batch";

create or replace temp table "checked_batch" as
with r as (
  select coalesce(row_number, rowid + 1) as row_number, parse_error, "date", "serviceId", "requests", "completed", "failed", "availabilityPct", "latencyP50Ms", "latencyP95Ms", "satisfactionSum", "satisfactionCount", "docsAsked", "docsFetched", coalesce(regexp_full_match(concat("date", ',', "requests", ',', "completed", ',', "failed", ',', "availabilityPct", ',', "latencyP50Ms", ',', "latencyP95Ms", ',', "satisfactionSum", ',', "satisfactionCount", ',', "docsAsked", ',', "docsFetched"), '(\d{4}-\d{2}-\d{2}),(-?\d+(\.\d+)?([eE][-+]?\d+)?),(-?\d+(\.\d+)?([eE][-+]?\d+)?),(-?\d+(\.\d+)?([eE][-+]?\d+)?),(-?\d+(\.\d+)?([eE][-+]?\d+)?),(-?\d+(\.\d+)?([eE][-+]?\d+)?),(-?\d+(\.\d+)?([eE][-+]?\d+)?),(-?\d+(\.\d+)?([eE][-+]?\d+)?),(-?\d+(\.\d+)?([eE][-+]?\d+)?),(-?\d+(\.\d+)?([eE][-+]?\d+)?),(-?\d+(\.\d+)?([eE][-+]?\d+)?)'), false) as ok_row
  from temp.main."raw_batch"
),
f as (
  select r.*, case when ok_row then true else coalesce(regexp_full_match("date", '\d{4}-\d{2}-\d{2}'), false) end as "ok_date", case when ok_row then true else coalesce(regexp_full_match("requests", '-?\d+(\.\d+)?([eE][-+]?\d+)?'), false) end as "ok_requests", case when ok_row then true else coalesce(regexp_full_match("completed", '-?\d+(\.\d+)?([eE][-+]?\d+)?'), false) end as "ok_completed", case when ok_row then true else coalesce(regexp_full_match("failed", '-?\d+(\.\d+)?([eE][-+]?\d+)?'), false) end as "ok_failed", case when ok_row then true else coalesce(regexp_full_match("availabilityPct", '-?\d+(\.\d+)?([eE][-+]?\d+)?'), false) end as "ok_availabilityPct", case when ok_row then true else coalesce(regexp_full_match("latencyP50Ms", '-?\d+(\.\d+)?([eE][-+]?\d+)?'), false) end as "ok_latencyP50Ms", case when ok_row then true else coalesce(regexp_full_match("latencyP95Ms", '-?\d+(\.\d+)?([eE][-+]?\d+)?'), false) end as "ok_latencyP95Ms", case when ok_row then true else coalesce(regexp_full_match("satisfactionSum", '-?\d+(\.\d+)?([eE][-+]?\d+)?'), false) end as "ok_satisfactionSum", case when ok_row then true else coalesce(regexp_full_match("satisfactionCount", '-?\d+(\.\d+)?([eE][-+]?\d+)?'), false) end as "ok_satisfactionCount", case when ok_row then true else coalesce(regexp_full_match("docsAsked", '-?\d+(\.\d+)?([eE][-+]?\d+)?'), false) end as "ok_docsAsked", case when ok_row then true else coalesce(regexp_full_match("docsFetched", '-?\d+(\.\d+)?([eE][-+]?\d+)?'), false) end as "ok_docsFetched"
  from r
),
n as (
  select row_number, parse_error, "ok_date", case when "ok_date" then "date" else case when regexp_full_match("date", '[!-~]+( [!-~]+)*') then "date" else nullif(trim(regexp_replace(translate("date", '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫', '01234567890123456789.'), '[\s\x{00a0}\x{2000}-\x{200b}\x{200e}\x{200f}\x{202f}\x{3000}\x{feff}]+', ' ', 'g')), '') end end as "date", case when regexp_full_match("serviceId", '[!-~]+( [!-~]+)*') then "serviceId" else nullif(trim(regexp_replace(translate("serviceId", '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫', '01234567890123456789.'), '[\s\x{00a0}\x{2000}-\x{200b}\x{200e}\x{200f}\x{202f}\x{3000}\x{feff}]+', ' ', 'g')), '') end as "serviceId", "ok_requests", case when "ok_requests" then "requests" else case when regexp_full_match("requests", '[!-~]+( [!-~]+)*') then "requests" else nullif(trim(regexp_replace(translate("requests", '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫', '01234567890123456789.'), '[\s\x{00a0}\x{2000}-\x{200b}\x{200e}\x{200f}\x{202f}\x{3000}\x{feff}]+', ' ', 'g')), '') end end as "requests", "ok_completed", case when "ok_completed" then "completed" else case when regexp_full_match("completed", '[!-~]+( [!-~]+)*') then "completed" else nullif(trim(regexp_replace(translate("completed", '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫', '01234567890123456789.'), '[\s\x{00a0}\x{2000}-\x{200b}\x{200e}\x{200f}\x{202f}\x{3000}\x{feff}]+', ' ', 'g')), '') end end as "completed", "ok_failed", case when "ok_failed" then "failed" else case when regexp_full_match("failed", '[!-~]+( [!-~]+)*') then "failed" else nullif(trim(regexp_replace(translate("failed", '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫', '01234567890123456789.'), '[\s\x{00a0}\x{2000}-\x{200b}\x{200e}\x{200f}\x{202f}\x{3000}\x{feff}]+', ' ', 'g')), '') end end as "failed", "ok_availabilityPct", case when "ok_availabilityPct" then "availabilityPct" else case when regexp_full_match("availabilityPct", '[!-~]+( [!-~]+)*') then "availabilityPct" else nullif(trim(regexp_replace(translate("availabilityPct", '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫', '01234567890123456789.'), '[\s\x{00a0}\x{2000}-\x{200b}\x{200e}\x{200f}\x{202f}\x{3000}\x{feff}]+', ' ', 'g')), '') end end as "availabilityPct", "ok_latencyP50Ms", case when "ok_latencyP50Ms" then "latencyP50Ms" else case when regexp_full_match("latencyP50Ms", '[!-~]+( [!-~]+)*') then "latencyP50Ms" else nullif(trim(regexp_replace(translate("latencyP50Ms", '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫', '01234567890123456789.'), '[\s\x{00a0}\x{2000}-\x{200b}\x{200e}\x{200f}\x{202f}\x{3000}\x{feff}]+', ' ', 'g')), '') end end as "latencyP50Ms", "ok_latencyP95Ms", case when "ok_latencyP95Ms" then "latencyP95Ms" else case when regexp_full_match("latencyP95Ms", '[!-~]+( [!-~]+)*') then "latencyP95Ms" else nullif(trim(regexp_replace(translate("latencyP95Ms", '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫', '01234567890123456789.'), '[\s\x{00a0}\x{2000}-\x{200b}\x{200e}\x{200f}\x{202f}\x{3000}\x{feff}]+', ' ', 'g')), '') end end as "latencyP95Ms", "ok_satisfactionSum", case when "ok_satisfactionSum" then "satisfactionSum" else case when regexp_full_match("satisfactionSum", '[!-~]+( [!-~]+)*') then "satisfactionSum" else nullif(trim(regexp_replace(translate("satisfactionSum", '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫', '01234567890123456789.'), '[\s\x{00a0}\x{2000}-\x{200b}\x{200e}\x{200f}\x{202f}\x{3000}\x{feff}]+', ' ', 'g')), '') end end as "satisfactionSum", "ok_satisfactionCount", case when "ok_satisfactionCount" then "satisfactionCount" else case when regexp_full_match("satisfactionCount", '[!-~]+( [!-~]+)*') then "satisfactionCount" else nullif(trim(regexp_replace(translate("satisfactionCount", '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫', '01234567890123456789.'), '[\s\x{00a0}\x{2000}-\x{200b}\x{200e}\x{200f}\x{202f}\x{3000}\x{feff}]+', ' ', 'g')), '') end end as "satisfactionCount", "ok_docsAsked", case when "ok_docsAsked" then "docsAsked" else case when regexp_full_match("docsAsked", '[!-~]+( [!-~]+)*') then "docsAsked" else nullif(trim(regexp_replace(translate("docsAsked", '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫', '01234567890123456789.'), '[\s\x{00a0}\x{2000}-\x{200b}\x{200e}\x{200f}\x{202f}\x{3000}\x{feff}]+', ' ', 'g')), '') end end as "docsAsked", "ok_docsFetched", case when "ok_docsFetched" then "docsFetched" else case when regexp_full_match("docsFetched", '[!-~]+( [!-~]+)*') then "docsFetched" else nullif(trim(regexp_replace(translate("docsFetched", '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫', '01234567890123456789.'), '[\s\x{00a0}\x{2000}-\x{200b}\x{200e}\x{200f}\x{202f}\x{3000}\x{feff}]+', ' ', 'g')), '') end end as "docsFetched"
  from f
),
v as (
  select n.*, case when n."ok_date" then try_cast(n."date" as date) when regexp_full_match(n."date", '\d{4}-\d{2}-\d{2}') then try_cast(n."date" as date) end as "t_date", n."serviceId" as "t_serviceId", case when n."ok_requests" then try_cast(n."requests" as double) when regexp_full_match(n."requests", '-?\d+(\.\d+)?([eE][-+]?\d+)?') then try_cast(n."requests" as double) end as "t_requests", case when n."ok_completed" then try_cast(n."completed" as double) when regexp_full_match(n."completed", '-?\d+(\.\d+)?([eE][-+]?\d+)?') then try_cast(n."completed" as double) end as "t_completed", case when n."ok_failed" then try_cast(n."failed" as double) when regexp_full_match(n."failed", '-?\d+(\.\d+)?([eE][-+]?\d+)?') then try_cast(n."failed" as double) end as "t_failed", case when n."ok_availabilityPct" then try_cast(n."availabilityPct" as double) when regexp_full_match(n."availabilityPct", '-?\d+(\.\d+)?([eE][-+]?\d+)?') then try_cast(n."availabilityPct" as double) end as "t_availabilityPct", case when n."ok_latencyP50Ms" then try_cast(n."latencyP50Ms" as double) when regexp_full_match(n."latencyP50Ms", '-?\d+(\.\d+)?([eE][-+]?\d+)?') then try_cast(n."latencyP50Ms" as double) end as "t_latencyP50Ms", case when n."ok_latencyP95Ms" then try_cast(n."latencyP95Ms" as double) when regexp_full_match(n."latencyP95Ms", '-?\d+(\.\d+)?([eE][-+]?\d+)?') then try_cast(n."latencyP95Ms" as double) end as "t_latencyP95Ms", case when n."ok_satisfactionSum" then try_cast(n."satisfactionSum" as double) when regexp_full_match(n."satisfactionSum", '-?\d+(\.\d+)?([eE][-+]?\d+)?') then try_cast(n."satisfactionSum" as double) end as "t_satisfactionSum", case when n."ok_satisfactionCount" then try_cast(n."satisfactionCount" as double) when regexp_full_match(n."satisfactionCount", '-?\d+(\.\d+)?([eE][-+]?\d+)?') then try_cast(n."satisfactionCount" as double) end as "t_satisfactionCount", case when n."ok_docsAsked" then try_cast(n."docsAsked" as double) when regexp_full_match(n."docsAsked", '-?\d+(\.\d+)?([eE][-+]?\d+)?') then try_cast(n."docsAsked" as double) end as "t_docsAsked", case when n."ok_docsFetched" then try_cast(n."docsFetched" as double) when regexp_full_match(n."docsFetched", '-?\d+(\.\d+)?([eE][-+]?\d+)?') then try_cast(n."docsFetched" as double) end as "t_docsFetched"
  from n
)
select v.row_number, case when v.parse_error is not null then v.parse_error when v."date" is null then 'date is missing' when v."t_date" is null then format('date must be a day YYYY-MM-DD, got "{}"', v."date") when v."t_date" > cast('2026-03-21' as date) then format('date {} is in the future (today in Tehran is 2026-03-21)', v."date") when v."serviceId" is null then 'serviceId is missing' when v."requests" is null then 'requests is missing' when v."t_requests" is null then format('requests must be a number, got "{}"', v."requests") when v."t_requests" <> floor(v."t_requests") then format('requests must be a whole number, got {}', v."requests") when v."t_requests" < 0 then format('requests must be ≥ 0, got {}', v."requests") when v."completed" is null then 'completed is missing' when v."t_completed" is null then format('completed must be a number, got "{}"', v."completed") when v."t_completed" <> floor(v."t_completed") then format('completed must be a whole number, got {}', v."completed") when v."t_completed" < 0 then format('completed must be ≥ 0, got {}', v."completed") when v."failed" is null then 'failed is missing' when v."t_failed" is null then format('failed must be a number, got "{}"', v."failed") when v."t_failed" <> floor(v."t_failed") then format('failed must be a whole number, got {}', v."failed") when v."t_failed" < 0 then format('failed must be ≥ 0, got {}', v."failed") when v."availabilityPct" is null then 'availabilityPct is missing' when v."t_availabilityPct" is null then format('availabilityPct must be a number, got "{}"', v."availabilityPct") when v."t_availabilityPct" < 0 then format('availabilityPct must be ≥ 0, got {}', v."availabilityPct") when v."t_availabilityPct" > 100 then format('availabilityPct must be ≤ 100, got {}', v."availabilityPct") when v."latencyP50Ms" is null then 'latencyP50Ms is missing' when v."t_latencyP50Ms" is null then format('latencyP50Ms must be a number, got "{}"', v."latencyP50Ms") when v."t_latencyP50Ms" < 0 then format('latencyP50Ms must be ≥ 0, got {}', v."latencyP50Ms") when v."latencyP95Ms" is null then 'latencyP95Ms is missing' when v."t_latencyP95Ms" is null then format('latencyP95Ms must be a number, got "{}"', v."latencyP95Ms") when v."t_latencyP95Ms" < 0 then format('latencyP95Ms must be ≥ 0, got {}', v."latencyP95Ms") when v."satisfactionSum" is null then 'satisfactionSum is missing' when v."t_satisfactionSum" is null then format('satisfactionSum must be a number, got "{}"', v."satisfactionSum") when v."t_satisfactionSum" <> floor(v."t_satisfactionSum") then format('satisfactionSum must be a whole number, got {}', v."satisfactionSum") when v."t_satisfactionSum" < 0 then format('satisfactionSum must be ≥ 0, got {}', v."satisfactionSum") when v."satisfactionCount" is null then 'satisfactionCount is missing' when v."t_satisfactionCount" is null then format('satisfactionCount must be a number, got "{}"', v."satisfactionCount") when v."t_satisfactionCount" <> floor(v."t_satisfactionCount") then format('satisfactionCount must be a whole number, got {}', v."satisfactionCount") when v."t_satisfactionCount" < 0 then format('satisfactionCount must be ≥ 0, got {}', v."satisfactionCount") when v."docsAsked" is null then 'docsAsked is missing' when v."t_docsAsked" is null then format('docsAsked must be a number, got "{}"', v."docsAsked") when v."t_docsAsked" <> floor(v."t_docsAsked") then format('docsAsked must be a whole number, got {}', v."docsAsked") when v."t_docsAsked" < 0 then format('docsAsked must be ≥ 0, got {}', v."docsAsked") when v."docsFetched" is null then 'docsFetched is missing' when v."t_docsFetched" is null then format('docsFetched must be a number, got "{}"', v."docsFetched") when v."t_docsFetched" <> floor(v."t_docsFetched") then format('docsFetched must be a whole number, got {}', v."docsFetched") when v."t_docsFetched" < 0 then format('docsFetched must be ≥ 0, got {}', v."docsFetched") when v."t_completed" + v."t_failed" > v."t_requests" then format('completed + failed ({}) exceed requests ({})', cast(v."t_completed" + v."t_failed" as bigint), cast(v."t_requests" as bigint)) when v."t_latencyP95Ms" < v."t_latencyP50Ms" then format('latencyP95Ms ({}) is below latencyP50Ms ({})', v."latencyP95Ms", v."latencyP50Ms") when v."t_satisfactionSum" not between v."t_satisfactionCount" and 5 * v."t_satisfactionCount" then format('satisfactionSum ({}) is not between 1× and 5× satisfactionCount ({})', cast(v."t_satisfactionSum" as bigint), cast(v."t_satisfactionCount" as bigint)) when svc.service_id is null then format('serviceId {} is not a service of {}', v."serviceId", 'a') end as reason, v."t_date" as "date", v."t_serviceId" as "service_id", cast(v."t_requests" as bigint) as "requests", cast(v."t_completed" as bigint) as "completed", cast(v."t_failed" as bigint) as "failed", v."t_availabilityPct" as "availability_pct", v."t_latencyP50Ms" as "latency_p50_ms", v."t_latencyP95Ms" as "latency_p95_ms", cast(v."t_satisfactionSum" as bigint) as "satisfaction_sum", cast(v."t_satisfactionCount" as bigint) as "satisfaction_count", cast(v."t_docsAsked" as bigint) as "docs_asked", cast(v."t_docsFetched" as bigint) as "docs_fetched", $1 as "agency_id", $2 as "run_id"
from v left join service svc on svc.service_id = v."t_serviceId" and svc.agency_id = $3;

insert into rejected_row (run_id, source_id, dataset, row_number, reason, raw, rejected_at)
select $1, $2, $3, c.row_number, c.reason, coalesce(r.raw, concat(coalesce(r."date", ''), ',', coalesce(r."serviceId", ''), ',', coalesce(r."requests", ''), ',', coalesce(r."completed", ''), ',', coalesce(r."failed", ''), ',', coalesce(r."availabilityPct", ''), ',', coalesce(r."latencyP50Ms", ''), ',', coalesce(r."latencyP95Ms", ''), ',', coalesce(r."satisfactionSum", ''), ',', coalesce(r."satisfactionCount", ''), ',', coalesce(r."docsAsked", ''), ',', coalesce(r."docsFetched", '')), ''), $4
from temp.main."checked_batch" c
join temp.main."raw_batch" r on r.rowid + 1 = c.row_number
where c.reason is not null
order by c.row_number;

select count(*) as valid, count(distinct hash("date", "service_id")) as keys,
       cast(max(date) as date) as day
from temp.main."checked_batch"
where reason is null;

create or replace temp view "valid_rows" as select "date", "service_id", "agency_id", "requests", "completed", "failed", "availability_pct", "latency_p50_ms", "latency_p95_ms", "satisfaction_sum", "satisfaction_count", "docs_asked", "docs_fetched", "run_id" from temp.main."checked_batch" where reason is null;

insert into restatement (run_id, source_id, dataset, key, old_values, new_values, restated_at)
select $1, $2, $3, json_object('date', s."date", 'service_id', s."service_id"), json_object('agency_id', t."agency_id", 'requests', t."requests", 'completed', t."completed", 'failed', t."failed", 'availability_pct', t."availability_pct", 'latency_p50_ms', t."latency_p50_ms", 'latency_p95_ms', t."latency_p95_ms", 'satisfaction_sum', t."satisfaction_sum", 'satisfaction_count', t."satisfaction_count", 'docs_asked', t."docs_asked", 'docs_fetched', t."docs_fetched"), json_object('agency_id', s."agency_id", 'requests', s."requests", 'completed', s."completed", 'failed', s."failed", 'availability_pct', s."availability_pct", 'latency_p50_ms', s."latency_p50_ms", 'latency_p95_ms', s."latency_p95_ms", 'satisfaction_sum', s."satisfaction_sum", 'satisfaction_count', s."satisfaction_count", 'docs_asked', s."docs_asked", 'docs_fetched', s."docs_fetched"), $4
from temp.main."valid_rows" s
join "service_daily" t on s."date" = t."date" and s."service_id" = t."service_id"
where (s."agency_id", s."requests", s."completed", s."failed", s."availability_pct", s."latency_p50_ms", s."latency_p95_ms", s."satisfaction_sum", s."satisfaction_count", s."docs_asked", s."docs_fetched") is distinct from (t."agency_id", t."requests", t."completed", t."failed", t."availability_pct", t."latency_p50_ms", t."latency_p95_ms", t."satisfaction_sum", t."satisfaction_count", t."docs_asked", t."docs_fetched");

select count(*) as stored from temp.main."valid_rows" s join "service_daily" t on "s"."date" = "t"."date" and "s"."service_id" = "t"."service_id";

update "service_daily"
set "agency_id" = "s"."agency_id", "requests" = "s"."requests", "completed" = "s"."completed", "failed" = "s"."failed", "availability_pct" = "s"."availability_pct", "latency_p50_ms" = "s"."latency_p50_ms", "latency_p95_ms" = "s"."latency_p95_ms", "satisfaction_sum" = "s"."satisfaction_sum", "satisfaction_count" = "s"."satisfaction_count", "docs_asked" = "s"."docs_asked", "docs_fetched" = "s"."docs_fetched", "run_id" = "s"."run_id"
from (
  select "s"."date", "s"."service_id", "s"."agency_id", "s"."requests", "s"."completed", "s"."failed", "s"."availability_pct", "s"."latency_p50_ms", "s"."latency_p95_ms", "s"."satisfaction_sum", "s"."satisfaction_count", "s"."docs_asked", "s"."docs_fetched", "s"."run_id"
  from temp.main."valid_rows" s
  join "service_daily" t on "s"."date" = "t"."date" and "s"."service_id" = "t"."service_id"
  where ("s"."agency_id", "s"."requests", "s"."completed", "s"."failed", "s"."availability_pct", "s"."latency_p50_ms", "s"."latency_p95_ms", "s"."satisfaction_sum", "s"."satisfaction_count", "s"."docs_asked", "s"."docs_fetched") is distinct from ("t"."agency_id", "t"."requests", "t"."completed", "t"."failed", "t"."availability_pct", "t"."latency_p50_ms", "t"."latency_p95_ms", "t"."satisfaction_sum", "t"."satisfaction_count", "t"."docs_asked", "t"."docs_fetched")
) s
where "s"."date" = "service_daily"."date" and "s"."service_id" = "service_daily"."service_id";

insert into "service_daily" ("date", "service_id", "agency_id", "requests", "completed", "failed", "availability_pct", "latency_p50_ms", "latency_p95_ms", "satisfaction_sum", "satisfaction_count", "docs_asked", "docs_fetched", "run_id")
select "s"."date", "s"."service_id", "s"."agency_id", "s"."requests", "s"."completed", "s"."failed", "s"."availability_pct", "s"."latency_p50_ms", "s"."latency_p95_ms", "s"."satisfaction_sum", "s"."satisfaction_count", "s"."docs_asked", "s"."docs_fetched", "s"."run_id"
from temp.main."valid_rows" s
where not exists (select 1 from "service_daily" where "s"."date" = "service_daily"."date" and "s"."service_id" = "service_daily"."service_id");

drop view if exists temp.main."valid_rows";
drop table if exists temp.main."raw_batch";
drop table if exists temp.main."checked_batch";
drop table if exists temp.main."valid_batch";;

commit;

-- getAgencyWeekFacts
with stage_as_of as (
  -- The latest event's stage (ties on the instant broken by event_id, as a window ordered by
  -- both would): one hash aggregate instead of sorting every event in a window, 16 → 13 ms of
  -- the national week's facts (docs/benchmarks.md, benchmark 4).
  select service_id, arg_max(to_stage, (occurred_at, event_id)) as stage
  from integration_event
  where occurred_at < $1
  group by service_id
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

-- getAgencyWeekFacts (one agency)
with stage_as_of as (
  -- The latest event's stage (ties on the instant broken by event_id, as a window ordered by
  -- both would): one hash aggregate instead of sorting every event in a window, 16 → 13 ms of
  -- the national week's facts (docs/benchmarks.md, benchmark 4).
  select service_id, arg_max(to_stage, (occurred_at, event_id)) as stage
  from integration_event
  where occurred_at < $1
    and service_id in (select service_id from service where agency_id = $2)
  group by service_id
),
services as (
  select s.agency_id,
         count(*) as services_total,
         count(*) filter (where e.stage = 'live') as services_live,
         count(*) filter (where s.is_key) as key_total,
         count(*) filter (where s.is_key and e.stage = 'live') as key_live,
         count(*) filter (where s.uses_national_sso and e.stage = 'live') as live_with_sso
  from service s left join stage_as_of e on e.service_id = s.service_id
  where "s"."agency_id" = $3
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
  where date between cast($4 as date) and cast($5 as date) and "agency_id" = $6
  group by agency_id
),
served as (
  select provider_agency_id as agency_id, sum(calls) as calls
  from exchange_daily
  where date between cast($7 as date) and cast($8 as date) and "provider_agency_id" = $9
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
where "a"."agency_id" = $10
order by a.agency_id;

-- replaceScoreboardWeek
begin transaction;

delete from "scoreboard_weekly" where "week_end" = $1;

insert into "scoreboard_weekly" ("week_end", "agency_id", "methodology_version", "coverage", "identity", "exchange", "reliability", "experience", "index", "rank", "status", "expected_coverage", "services_total", "services_live", "computed_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15);

commit;

-- getAgencyWeekFactsForWeeks
with weeks(week_start, week_end, cutoff) as (values (cast($1 as date), cast($2 as date), cast($3 as timestamptz)), (cast($4 as date), cast($5 as date), cast($6 as timestamptz))),
stage_as_of as (
  select w.week_end, e.service_id, e.to_stage as stage
  from integration_event e join weeks w on e.occurred_at < w.cutoff
  qualify row_number() over (partition by w.week_end, e.service_id order by e.occurred_at desc, e.event_id desc) = 1
),
services as (
  select w.week_end, s.agency_id,
         count(*) as services_total,
         count(*) filter (where e.stage = 'live') as services_live,
         count(*) filter (where s.is_key) as key_total,
         count(*) filter (where s.is_key and e.stage = 'live') as key_live,
         count(*) filter (where s.uses_national_sso and e.stage = 'live') as live_with_sso
  from service s cross join weeks w
  left join stage_as_of e on e.service_id = s.service_id and e.week_end = w.week_end
  group by w.week_end, s.agency_id
),
metrics as (
  -- The Friday ending a day's Iranian week: DuckDB numbers Sunday 0 … Saturday 6.
  select cast(date + cast((12 - dayofweek(date)) % 7 as integer) as date) as week_end, agency_id,
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
  where date between (select min(week_start) from weeks) and (select max(week_end) from weeks)
  group by all
),
served as (
  select cast(date + cast((12 - dayofweek(date)) % 7 as integer) as date) as week_end, provider_agency_id as agency_id, sum(calls) as calls
  from exchange_daily
  where date between (select min(week_start) from weeks) and (select max(week_end) from weeks)
  group by all
)
select w.week_end,
       a.agency_id,
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
from weeks w cross join agency a
left join services s on s.agency_id = a.agency_id and s.week_end = w.week_end
left join metrics m on m.agency_id = a.agency_id and m.week_end = w.week_end
left join served x on x.agency_id = a.agency_id and x.week_end = w.week_end
order by w.week_end, a.agency_id;

-- replaceScoreboardWeeks
begin transaction;

delete from "scoreboard_weekly" where "week_end" in ($1);

create or replace temp table stage_scoreboard_weekly as select * from main.scoreboard_weekly limit 0;

insert into scoreboard_weekly select * from temp.main.stage_scoreboard_weekly;

drop table temp.main.stage_scoreboard_weekly;

commit;

-- getScoreboardWeek
select "sw".*, "a"."name_fa", "a"."name_en", "a"."kind", "a"."sector" from "scoreboard_weekly" as "sw" inner join "agency" as "a" on "a"."agency_id" = "sw"."agency_id" where "sw"."week_end" = $1 order by "sw"."rank", "sw"."agency_id";

-- getFactTableLayout
select count(*) as rows,
       count(*) filter (where "date" < prev_day or ("date" = prev_day and "agency_id" < prev_agency)) as order_breaks
from (
  select "date", "agency_id",
         lag("date") over (order by rowid) as prev_day,
         lag("agency_id") over (order by rowid) as prev_agency
  from "service_daily"
);

select count(*) as row_groups,
       avg(date_diff('day', cast(regexp_extract(stats, 'Min: ([0-9-]+)', 1) as date), cast(regexp_extract(stats, 'Max: ([0-9-]+)', 1) as date)) + 1) as mean_days
from pragma_storage_info($1)
where column_name = $2 and segment_type = 'DATE' and stats like '%Min: %';

select count(*) as rows,
       count(*) filter (where "date" < prev_day or ("date" = prev_day and "provider_agency_id" < prev_agency)) as order_breaks
from (
  select "date", "provider_agency_id",
         lag("date") over (order by rowid) as prev_day,
         lag("provider_agency_id") over (order by rowid) as prev_agency
  from "exchange_daily"
);

select count(*) as row_groups,
       avg(date_diff('day', cast(regexp_extract(stats, 'Min: ([0-9-]+)', 1) as date), cast(regexp_extract(stats, 'Max: ([0-9-]+)', 1) as date)) + 1) as mean_days
from pragma_storage_info($1)
where column_name = $2 and segment_type = 'DATE' and stats like '%Min: %';

-- clusterFactTables
begin transaction;

select sql from duckdb_tables() where schema_name = 'main' and table_name = $1;

select sql from duckdb_indexes() where schema_name = 'main' and table_name = $1 and sql is not null;

CREATE TABLE service_daily__clustered(date DATE, service_id VARCHAR, agency_id VARCHAR NOT NULL, requests BIGINT NOT NULL, completed BIGINT NOT NULL, failed BIGINT NOT NULL, availability_pct DOUBLE NOT NULL, latency_p50_ms DOUBLE NOT NULL, latency_p95_ms DOUBLE NOT NULL, satisfaction_sum BIGINT NOT NULL, satisfaction_count BIGINT NOT NULL, docs_asked BIGINT NOT NULL, docs_fetched BIGINT NOT NULL, run_id VARCHAR NOT NULL, PRIMARY KEY(date, service_id));

insert into "service_daily__clustered" select * from "service_daily" order by "date", "agency_id", "service_id";

select (select count(*) from "service_daily") as before, (select count(*) from "service_daily__clustered") as after;

drop table "service_daily";

alter table service_daily__clustered rename to service_daily;

select sql from duckdb_tables() where schema_name = 'main' and table_name = $1;

select sql from duckdb_indexes() where schema_name = 'main' and table_name = $1 and sql is not null;

CREATE TABLE exchange_daily__clustered(date DATE, provider_agency_id VARCHAR, consumer_agency_id VARCHAR, data_service VARCHAR, calls BIGINT NOT NULL, failures BIGINT NOT NULL, latency_p50_ms DOUBLE NOT NULL, latency_p95_ms DOUBLE NOT NULL, run_id VARCHAR NOT NULL, PRIMARY KEY(date, provider_agency_id, consumer_agency_id, data_service));

insert into "exchange_daily__clustered" select * from "exchange_daily" order by "date", "provider_agency_id", "consumer_agency_id", "data_service";

select (select count(*) from "exchange_daily") as before, (select count(*) from "exchange_daily__clustered") as after;

drop table "exchange_daily";

alter table exchange_daily__clustered rename to exchange_daily;

commit;

-- getScoreboardStandings
select "agency_id", "rank", "status", "index" from "scoreboard_weekly" where "week_end" = $1;

-- latestScoreboardWeek
select max("week_end") as "week_end" from "scoreboard_weekly";

-- listScoreboardWeeks
select distinct "week_end" from "scoreboard_weekly" order by "week_end" desc;

-- listAgencyWeeks
select sw.week_end, sw.methodology_version, sw.index, sw.rank, w.agencies, sw.status, sw.coverage, sw.expected_coverage
from scoreboard_weekly sw
join (select week_end, count(*) as agencies from scoreboard_weekly group by week_end) w on w.week_end = sw.week_end
where sw.agency_id = $1
order by sw.week_end;

-- getSectorMedian
select count(*) as agencies,
       round(median(sw.index), 1) as index,
       round(median(sw.coverage), 1) as coverage,
       round(median(sw.identity), 1) as identity,
       round(median(sw.exchange), 1) as exchange,
       round(median(sw.reliability), 1) as reliability,
       round(median(sw.experience), 1) as experience
from scoreboard_weekly sw
join agency a on a.agency_id = sw.agency_id
where sw.week_end = cast($1 as date) and ($2::varchar is null or a.sector = $3);

-- getSectorMedian (every agency)
select count(*) as agencies,
       round(median(sw.index), 1) as index,
       round(median(sw.coverage), 1) as coverage,
       round(median(sw.identity), 1) as identity,
       round(median(sw.exchange), 1) as exchange,
       round(median(sw.reliability), 1) as reliability,
       round(median(sw.experience), 1) as experience
from scoreboard_weekly sw
join agency a on a.agency_id = sw.agency_id
where sw.week_end = cast($1 as date) and ($2::varchar is null or a.sector = $3);

-- listAgencyStageChanges
select e.service_id, s.name_fa, s.name_en, e.occurred_at, e.from_stage, e.to_stage
from integration_event e
join service s on s.service_id = e.service_id
where e.agency_id = $1
order by e.occurred_at desc, e.event_id desc;

-- insertAnnotation
insert into "annotation" ("annotation_id", "agency_id", "week_end", "figure", "kind", "body", "status", "created_by", "created_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- getAnnotation
select "n".*, "a"."name_fa", "a"."name_en" from "annotation" as "n" left join "agency" as "a" on "a"."agency_id" = "n"."agency_id" where "n"."annotation_id" = $1 and "n"."agency_id" in ($2);

-- listAnnotations
select "n".*, "a"."name_fa", "a"."name_en" from "annotation" as "n" left join "agency" as "a" on "a"."agency_id" = "n"."agency_id" where "n"."agency_id" in ($1) and "n"."agency_id" = $2 and "n"."week_end" = $3 and "n"."status" = $4 and "n"."kind" = $5 order by n.status = 'open' desc, "n"."created_at" desc, "n"."annotation_id" limit $6;

-- answerAnnotation
update "annotation" set "answer" = $1, "answered_by" = $2, "answered_at" = $3 where "annotation_id" = $4 and "status" != $5;

-- resolveAnnotation
update "annotation" set "status" = $1, "resolved_by" = $2, "resolved_at" = $3 where "annotation_id" = $4 and "status" = $5;

-- withdrawAnnotation
update "annotation" set "status" = $1, "withdrawn_by" = $2, "withdrawn_at" = $3 where "annotation_id" = $4 and "status" = $5;

-- countOpenDisputes
select "agency_id", "figure", count(*) as "disputes" from "annotation" where "week_end" = $1 and "kind" = $2 and "status" = $3 group by "agency_id", "figure" order by "agency_id", "figure";
