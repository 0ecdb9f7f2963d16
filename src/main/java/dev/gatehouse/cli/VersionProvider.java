package dev.gatehouse.cli;

import picocli.CommandLine;

/** The version from the jar manifest, or "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = GatehouseCommand.class.getPackage().getImplementationVersion();
        return new String[] {"gatehouse " + (version == null ? "dev" : version)};
    }
}
