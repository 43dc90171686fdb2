package io.silas.core.connection;

import io.silas.core.error.Checks;

/**
 * How a setup flow ended ({@link ConnectionManager#runSetupFlow}): a {@link Proposed} connection awaiting
 * approval, {@link Cancelled} by the user (or a card timeout; partial secrets removed), or {@link Failed} with a
 * structured failure (partial secrets removed). Cancelled and failed flows leave nothing in the registry.
 */
public sealed interface SetupOutcome {
    /** Setup completed and the probe passed. */
    record Proposed(ConnectionProposal proposal) implements SetupOutcome {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param proposal the proposal
         */
        public Proposed {
            Checks.nonNull(proposal, "proposal");
        }
    }

    /** The user cancelled, or a card timed out. */
    record Cancelled() implements SetupOutcome {
    }

    /** The skill reported a failure, or its scripts broke the protocol. */
    record Failed(ConnectionFailure failure) implements SetupOutcome {
        /**
         * Checks and normalises the components; see the record documentation.
         *
         * @param failure the structured failure
         */
        public Failed {
            Checks.nonNull(failure, "failure");
        }
    }
}
