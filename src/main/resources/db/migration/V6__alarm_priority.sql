-- An alarm's priority (ISA-18.2; calibration alarms.priority), as it was when the alarm was
-- raised; alarms kept from before priorities were HIGH, as every alarm then was.
ALTER TABLE meter_alarm ADD COLUMN priority VARCHAR(8) DEFAULT 'HIGH' NOT NULL;
