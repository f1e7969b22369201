package io.meterreader.frame;

/**
 * Taking a meter out of service and putting it back ({@link OutOfService}), from whichever edge
 * it came in by (the REST API and the dashboard, MQTT, OPC UA, Sparkplug). The service's alarm list does it.
 */
public interface ServiceActions {

    /**
     * Takes the meter out of service.
     *
     * @param user   who does it ("" for nobody named)
     * @param reason why ("" for none)
     * @return the meter's being out of service, from now
     * @throws IllegalStateException it is out of service already
     */
    OutOfService takeOutOfService(String meterId, String user, String reason);

    /**
     * Puts the meter back in service.
     *
     * @param user who does it ("" for nobody named)
     * @return how it had been out of service
     * @throws IllegalStateException it is not out of service
     */
    OutOfService putBackInService(String meterId, String user);
}
