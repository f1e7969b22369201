-- Meters an operator has taken out of service (pipeline AlarmList.takeOutOfService): one row per
-- meter while it is out, with when, by whom and why; the row goes when it is back in service.
CREATE TABLE meter_out_of_service (
    meter_id    VARCHAR(64)   NOT NULL PRIMARY KEY,
    since       TIMESTAMP WITH TIME ZONE NOT NULL,
    user_name   VARCHAR(1000) NOT NULL,
    reason      VARCHAR(4000) NOT NULL
);

-- A journal entry of a meter taken out of service, or put back, has no value.
ALTER TABLE alarm_event ALTER COLUMN alarm_value DROP NOT NULL;
