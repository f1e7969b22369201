-- An alarm's shelving (pipeline AlarmList.shelve): when and until when (null: until it clears),
-- by whom and why; all null while it is not shelved. A shelved alarm keeps its row until its
-- shelf ends, even once cleared and acknowledged.
ALTER TABLE meter_alarm ADD COLUMN shelved_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE meter_alarm ADD COLUMN shelved_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE meter_alarm ADD COLUMN shelved_by VARCHAR(1000);
ALTER TABLE meter_alarm ADD COLUMN shelve_reason VARCHAR(4000);
