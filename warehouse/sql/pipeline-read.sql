-- queryPipelineRuns
select "r".*, "a"."name_fa", "a"."name_en" from "pipeline_run" as "r" left join "agency" as "a" on "a"."agency_id" = "r"."agency_id" where "r"."status" = $1 and "r"."agency_id" = $2 and "r"."agency_id" in ($3) and "r"."dataset" = $4 order by "r"."started_at" desc, "r"."run_id" desc limit $5;

-- queryRejectedRows
select "j".*, "r"."agency_id", "a"."name_fa", "a"."name_en" from "rejected_row" as "j" inner join "pipeline_run" as "r" on "r"."run_id" = "j"."run_id" left join "agency" as "a" on "a"."agency_id" = "r"."agency_id" where "j"."run_id" = $1 and "r"."agency_id" = $2 and "r"."agency_id" in ($3) and "j"."dataset" = $4 order by "j"."reject_id" desc limit $5;

-- listAgencyLastDataDays
select "a"."agency_id", "a"."name_fa", "a"."name_en", max("d"."date") as "last_data_day" from "agency" as "a" left join "service_daily" as "d" on "d"."agency_id" = "a"."agency_id" where "a"."agency_id" in ($1) group by "a"."agency_id", "a"."name_fa", "a"."name_en" order by "a"."agency_id";

-- listDailyReporting
select "date", count(distinct "agency_id") as "agencies", count(*) as "rows" from "service_daily" where "date" >= $1 and "date" <= $2 and "agency_id" in ($3) group by "date" order by "date";
