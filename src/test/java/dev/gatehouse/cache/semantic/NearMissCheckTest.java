package dev.gatehouse.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The near-miss check per class of difference, in both orders, with the reason it gives; and the
 * rewordings it must let through. The pairs are not the evaluation set's.
 */
class NearMissCheckTest {

    private final NearMissCheck check = new NearMissCheck();

    @ParameterizedTest(name = "{0} / {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Book a flight for 2 adults.                  | Book a flight for 3 adults.                 | numbers differ
            Book a flight for two adults.                | Book a flight for 3 adults.                 | numbers differ
            Give me twelve examples of irony.            | Give me eleven examples of irony.           | numbers differ
            What is a 15% tip on $80?                    | What is a 18% tip on $80?                   | numbers differ
            Is 1,000 bigger than 999?                    | Is 10,000 bigger than 999?                  | numbers differ
            What is the second item on the list?         | What is the third item on the list?         | numbers differ
            How heavy is 3 kg of flour in pounds?        | How heavy is 3 lb of flour in pounds?       | units differ
            Convert 30 euros to pounds.                  | Convert 30 dollars to pounds.               | units differ
            Set the oven to 200°C.                       | Set the oven to 200°F.                      | units differ
            Is my 2TB disk enough?                       | Is my 2GB disk enough?                      | units differ
            What is on TV tonight?                       | What is on TV tomorrow?                     | time differs
            Cancel my Friday appointment.                | Cancel my Saturday appointment.             | time differs
            Show invoices from last quarter.             | Show invoices from next quarter.            | time differs
            Show the events in June.                     | Show the events in July.                    | time differs
            Does this work with Python 3.9?              | Does this work with Python 3.10?            | versions differ
            Upgrade the library to v2.1.0.               | Upgrade the library to v2.2.0.              | versions differ
            Is this app free?                            | Is this app not free?                       | negation differs
            Why can I log in?                            | Why can't I log in?                         | negation differs
            Why does it crash?                           | Why doesnt it crash?                        | negation differs
            Can I travel with a passport?                | Can I travel without a passport?            | negation differs
            Rename the column "total" for me.            | Rename the column "subtotal" for me.        | quoted text differs
            Why does `items.pop()` raise?                | Why does `items.remove()` raise?            | code differs
            What does getUserById return?                | What does getUserByName return?             | code differs
            What does --dry-run do here?                 | What does --force do here?                  | code differs
            Summarize this: the meeting moved to noon.   | Summarize this: the meeting was cancelled.  | pasted text differs
            How far is Lisbon from here?                 | How far is Porto from here?                 | names differ
            What does NATO stand for?                    | What does NASA stand for?                   | names differ
            Translate this into swedish.                 | Translate this into danish.                 | names differ
            Turn the heating on.                         | Turn the heating off.                       | direction differs
            Enable the firewall.                         | Disable the firewall.                       | direction differs
            Serialize this object.                       | Deserialize this object.                    | direction differs
            How do I log in on the website?              | How do I log out on the website?            | direction differs
            Translate it from Italian to Greek.          | Translate it from Greek to Italian.         | direction differs
            Copy the files from my laptop to the server. | Copy the files from the server to my laptop. | direction differs
            Is tea healthier than coffee?                | Is coffee healthier than tea?               | direction differs
            Add a column to the table.                   | Remove a column from the table.             | direction differs
            Make the text bigger.                        | Make the text smaller.                      | degree differs
            Which is the cheapest option?                | Which is the most expensive option?         | degree differs
            Which phone has the better camera?           | Which phone has the worse camera?           | degree differs
            Export the report as CSV.                    | Export the report as JSON.                  | format differs
            Answer in a table.                           | Answer in bullet points.                    | format differs
            Delete all the drafts.                       | Delete the drafts.                          | scope differs
            List only the paid invoices.                 | List the paid invoices.                     | scope differs
            How do I reset my security key?              | How do I reset my recovery key?             | a key word differs
            Is the green jacket waterproof?              | Is the yellow jacket waterproof?            | a key word differs
            """)
    void rejectsAPairThatDiffersIn(String cached, String asked, String reason) {
        assertThat(check.difference(cached, asked)).isEqualTo(reason);
        assertThat(check.difference(asked, cached)).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', textBlock = """
            How do I update my app?                      | how do i update my app
            Where is my parcel?                          | Where is my parcel???
            How do I export my notes to a PDF?           | To a PDF, how do I export my notes?
            Can you explain how DNS works?               | Hi! Could you please explain how DNS works? Thanks a lot.
            Is the museum open tomorrow?                 | is the museum open tomorow?
            How do I disable autocorrect?                | how do i dissable autocorrect
            Does the hotel have free parking?            | Does the hotel have free parking, please?
            Translate good night into French.            | Please translate good night into french.
            In Java, how do I read a file?               | How do I read a file in Java?
            How long does shipping to Spain take?        | How long does shipping take to Spain?
            I don't have a receipt, can I return it?     | I do not have a receipt, can I return it?
            Convert 5 km to miles.                       | Convert five kilometers to miles.
            What's the price of the 2 TB plan?           | What is the price of the 2TB plan?
            How do I turn on dark mode?                  | How can I turn dark mode on?
            Write a haiku about the sea.                 | Write a haiku about the sea, please.
            """)
    void letsARewordingThrough(String cached, String asked) {
        assertThat(check.difference(cached, asked)).isNull();
        assertThat(check.difference(asked, cached)).isNull();
    }
}
