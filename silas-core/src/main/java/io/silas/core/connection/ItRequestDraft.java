package io.silas.core.connection;

import io.silas.core.vocabulary.WorkItemType;
import io.silas.core.work.WorkItem;
import java.util.List;

/**
 * The work item behind the {@code draft_it_request} chip of an {@code enterprise_policy_block} failure
 * (docs/contracts.md#connections): a task asking the executor to draft (not send) an email to the IT admin with the app
 * registration details, the permissions requested and why, and the admin-consent link. It carries no credential and
 * runs only after the owner approves it, like any work item.
 */
final class ItRequestDraft {
    private ItRequestDraft() {
    }

    static WorkItem workItem(String id, String skillName, String domain, ConnectionFailure failure,
                             List<String> permissions) {
        String body = "Draft an email to the IT administrator asking them to allow the " + failure.service()
                + " connection (skill `" + skillName + "`). Do not send it: present the draft for review.\n\n"
                + "Include: the Silas app registration details (client ID, redirect URIs) from the skill's "
                + "configuration; each permission requested and why it is needed: " + String.join(", ", permissions)
                + "; the link to the service's admin consent page.\n\n"
                + "The service reported: " + failure.message();
        return WorkItem.builder(id, WorkItemType.TASK, "Draft IT request for " + failure.service())
                .domain(domain).body(body).build();
    }
}
