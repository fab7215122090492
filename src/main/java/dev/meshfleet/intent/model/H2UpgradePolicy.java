package dev.meshfleet.intent.model;

/** Whether HTTP/1.1 connections are upgraded to HTTP/2. */
public enum H2UpgradePolicy {
    DEFAULT, DO_NOT_UPGRADE, UPGRADE
}
