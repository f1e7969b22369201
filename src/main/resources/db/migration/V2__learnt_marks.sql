-- The scale marks each dial calibrated without them learnt from its ticks (pipeline LearnedMarks),
-- kept across restarts. One row per meter; calibration is a digest of the meter's calibration when
-- they were learnt (another calibration: learnt again), marks the pipeline's own encoding of them.
CREATE TABLE learnt_marks (
    meter_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    calibration  VARCHAR(64)  NOT NULL,
    marks        VARCHAR(1000) NOT NULL,
    learnt_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
