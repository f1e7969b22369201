-- Meters whose OPC UA alarm condition a client disabled (Part 9's Disable; pipeline
-- AlarmList.conditionEnabled): one row per meter while it is disabled, with when and by whom; the
-- row goes when a client enables it again.
CREATE TABLE condition_disabled (
    meter_id    VARCHAR(64)   NOT NULL PRIMARY KEY,
    since       TIMESTAMP WITH TIME ZONE NOT NULL,
    user_name   VARCHAR(1000) NOT NULL
);
