package dev.meshfleet.intent.model;

/**
 * The names of the resources rendered for a service, when they should not be the service's name: to take over
 * VirtualServices and DestinationRules that already exist under other names instead of rendering new ones beside them.
 */
public record ResourceNames(String virtualService, String destinationRule) {
}
