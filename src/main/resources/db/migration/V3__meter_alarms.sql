-- The alarm list (pipeline AlarmList), kept across restarts: one row per meter whose alarm is on
-- the list (active, or not yet acknowledged); a row goes once its alarm is cleared and acknowledged.
CREATE TABLE meter_alarm (
    meter_id         VARCHAR(64) NOT NULL PRIMARY KEY,
    state            VARCHAR(8)  NOT NULL,
    alarm_limit      VARCHAR(8)  NOT NULL,
    acknowledged     BOOLEAN     NOT NULL,
    raised           TIMESTAMP WITH TIME ZONE NOT NULL,
    changed          TIMESTAMP WITH TIME ZONE NOT NULL,
    alarm_value      DOUBLE PRECISION NOT NULL,
    unit             VARCHAR(200) NOT NULL,
    acknowledged_at  TIMESTAMP WITH TIME ZONE,
    acknowledged_by  VARCHAR(1000) NOT NULL,
    alarm_comment    VARCHAR(4000) NOT NULL
);
