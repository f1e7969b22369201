/**
 * The OPC UA output: a server whose address space holds every meter's latest reading and every
 * camera's state, for a plant's SCADA. An edge like {@code mqtt}: the pipeline's wiring hands it
 * readings, and it knows no stage.
 */
package io.meterreader.opcua;
