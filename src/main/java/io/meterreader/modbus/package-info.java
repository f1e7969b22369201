/**
 * The Modbus TCP output: a server whose holding and input registers hold the mapped meters'
 * latest readings, for a PLC. An edge like {@code mqtt}: the pipeline's wiring hands it readings,
 * and it knows no stage.
 */
package io.meterreader.modbus;
