-- The edge each alarm journal entry came in by (frame.Via: SERVICE, HTTP, MQTT, SPARKPLUG,
-- OPC_UA): a name given in an MQTT payload is whatever the publisher wrote, so an audit asks
-- which edge a name came by. Entries journalled before this column have none (NULL).
ALTER TABLE alarm_event ADD COLUMN via VARCHAR(16);
