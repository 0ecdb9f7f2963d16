package dev.gatehouse.cache.semantic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The English words {@link NearMissCheck} looks for: the small closed classes in which one word changes
 * what a question asks (numbers, units, time, negation, direction, degree, format, scope). Lowercase;
 * lists, not a model, so every rejection can be explained by the word that caused it.
 */
final class Lexicon {

    private Lexicon() {}

    /** Written numbers, as the digits they stand for, so "5 days" and "five days" agree. */
    static final Map<String, String> NUMBER_WORDS = pairs(
            "zero=0 one=1 two=2 three=3 four=4 five=5 six=6 seven=7 eight=8 nine=9 ten=10 eleven=11 twelve=12 thirteen=13 fourteen=14 fifteen=15 sixteen=16 seventeen=17 eighteen=18 nineteen=19 twenty=20 thirty=30 forty=40 fifty=50 sixty=60 seventy=70 eighty=80 ninety=90 hundred=100 thousand=1000 million=1000000 billion=1000000000 dozen=12 half=0.5 quarter=0.25 twice=x2 double=x2 triple=x3 first=#1 third=#3 fourth=#4 fifth=#5 sixth=#6 seventh=#7 eighth=#8 ninth=#9 tenth=#10");

    /** Words before which "one" is a pronoun ("which one", "this one"), not a count. */
    static final Set<String> ONE_AS_PRONOUN_AFTER =
            words("which this that the each any every no another one a new quick little right same other");

    /** Unit words that name a unit wherever they stand, to their canonical symbol. */
    static final Map<String, String> UNITS = units();

    /** Words that are units only right after a number ("5 m", "3 lines", "10 in"). */
    static final Map<String, String> UNITS_AFTER_NUMBER = pairs(
            "m=m g=g c=degC f=degF in=inch s=s sec=s second=s min=min h=h k=thousand l=l b=byte words=words word=words characters=chars chars=chars sentences=sentences sentence=sentences paragraphs=paragraphs paragraph=paragraphs lines=lines line=lines pages=pages page=pages items=items steps=steps tokens=tokens people=people users=users");

    private static Map<String, String> units() {
        Map<String, String> u = new HashMap<>();
        put(u, "km", "km kilometer kilometers kilometre kilometres kms");
        put(u, "mi", "mile miles mi");
        put(u, "m", "meter meters metre metres");
        put(u, "cm", "cm centimeter centimeters centimetre centimetres");
        put(u, "mm", "mm millimeter millimeters millimetre millimetres");
        put(u, "inch", "inch inches");
        put(u, "ft", "ft foot feet");
        put(u, "yd", "yard yards yd");
        put(u, "kg", "kg kgs kilogram kilograms kilo kilos");
        put(u, "g", "gram grams");
        put(u, "lb", "lb lbs pound pounds");
        put(u, "oz", "oz ounce ounces");
        put(u, "t", "ton tons tonne tonnes");
        put(u, "degC", "celsius °c centigrade");
        put(u, "degF", "fahrenheit °f");
        put(u, "K", "kelvin");
        put(u, "l", "liter liters litre litres");
        put(u, "ml", "ml milliliter milliliters millilitre millilitres");
        put(u, "gal", "gallon gallons");
        put(u, "cup", "cup cups");
        put(u, "tbsp", "tbsp tablespoon tablespoons");
        put(u, "tsp", "tsp teaspoon teaspoons");
        put(u, "mph", "mph");
        put(u, "kph", "kph kmh");
        put(u, "USD", "usd $ dollar dollars bucks");
        put(u, "EUR", "eur € euro euros");
        put(u, "GBP", "gbp £ sterling");
        put(u, "JPY", "jpy ¥ yen");
        put(u, "INR", "inr rupee rupees");
        put(u, "byte", "byte bytes");
        put(u, "kb", "kb kilobyte kilobytes");
        put(u, "mb", "mb megabyte megabytes");
        put(u, "gb", "gb gigabyte gigabytes");
        put(u, "tb", "tb terabyte terabytes");
        put(u, "kib", "kib");
        put(u, "mib", "mib");
        put(u, "gib", "gib");
        put(u, "bit", "bit bits");
        put(u, "mbps", "mbps kbps gbps");
        put(u, "hz", "hz khz mhz ghz hertz");
        put(u, "ms", "ms millisecond milliseconds");
        put(u, "s", "seconds secs");
        put(u, "min", "minute minutes mins");
        put(u, "h", "hour hours hr hrs");
        put(u, "day", "day days");
        put(u, "week", "week weeks");
        put(u, "month", "month months");
        put(u, "year", "year years yr yrs");
        put(u, "decade", "decade decades");
        put(u, "%", "% percent percentage pct");
        put(u, "deg", "° degree degrees");
        put(u, "px", "px pixel pixels");
        put(u, "dpi", "dpi");
        put(u, "W", "watt watts kw kwh");
        put(u, "V", "volt volts");
        put(u, "kcal", "calorie calories kcal");
        return Map.copyOf(u);
    }

    private static void put(Map<String, String> map, String canonical, String words) {
        for (String w : words.split(" ")) {
            map.put(w, canonical);
        }
    }

    private static Set<String> words(String spaced) {
        return Set.of(spaced.split(" "));
    }

    /** {@code "key=value key=value"} as a map. */
    private static Map<String, String> pairs(String spaced) {
        Map<String, String> m = new HashMap<>();
        for (String pair : spaced.split(" ")) {
            int eq = pair.indexOf('=');
            m.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return Map.copyOf(m);
    }

    /** Dates, times and relative time; "may" counts only next to a number (it is mostly a verb). */
    static final Set<String> TIME_WORDS = words(
            "today tonight tomorrow yesterday now currently last next previous ago recent recently soon later morning afternoon evening night noon midnight weekend weekends weekday weekdays daily weekly monthly yearly annual annually hourly am pm january february march april june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday summer winter autumn q1 q2 q3 q4 overnight upcoming past future");

    /** Words that negate, after contractions are spelled out ("don't" → "do" "not"). */
    static final Set<String> NEGATIONS = words(
            "not no never without none nothing nobody neither nor cannot nowhere lacks lacking missing except excluding unless dont doesnt didnt cant isnt arent wasnt werent wont shouldnt couldnt wouldnt havent hasnt hadnt mustnt neednt aint");

    /**
     * Pairs of opposite directions or degrees. A text's side on an axis is the set of sides its words
     * fall on; two texts whose sides differ ask for different things ("turn on" / "turn off",
     * "encode" / "decode"). Each axis names the reason it gives.
     */
    record Axis(String reason, Set<String> plus, Set<String> minus) {}

    static final List<Axis> AXES = List.of(
            new Axis(
                    "direction differs",
                    words(
                            "on enable enabled enables enabling activate activated activating unmute unlock unlocked unblock unhide show resume start started starting begin launch open opened opening"),
                    words(
                            "off disable disabled disables disabling deactivate deactivated deactivating mute lock locked block hide hidden pause stop stopped stopping halt terminate kill close closed closing shut shutdown")),
            new Axis(
                    "direction differs",
                    words(
                            "add adding added insert create creating append install installing include including subscribe attach join follow register signup"),
                    words(
                            "remove removing removed delete deleting deleted drop erase uninstall uninstalling exclude excluding unsubscribe detach leave unfollow deregister unregister cancel cancelling canceling clear")),
            new Axis("direction differs", words("upload uploading uploaded"), words("download downloading downloaded")),
            new Axis("direction differs", words("import importing imported"), words("export exporting exported")),
            new Axis(
                    "direction differs",
                    words(
                            "encode encoding encoded encrypt encrypting encrypted compress compressing serialize serialise serializing zip marshal escape hash obfuscate"),
                    words(
                            "decode decoding decoded decrypt decrypting decrypted decompress decompressing deserialize deserialise deserializing unzip unmarshal unescape deobfuscate")),
            new Axis("direction differs", words("buy buying bought purchase purchasing"), words("sell selling sold")),
            new Axis(
                    "direction differs",
                    words("send sending sent outgoing"),
                    words("receive receiving received incoming")),
            new Axis("direction differs", words("push pushing pushed"), words("pull pulling pulled")),
            new Axis("direction differs", words("read reading"), words("write writing written")),
            new Axis(
                    "direction differs",
                    words("merge merging combine combining concatenate join joining"),
                    words("split splitting separate divide dividing")),
            new Axis(
                    "direction differs",
                    words("accept accepted approve approved allow allowed permit grant"),
                    words("reject rejected deny denied decline declined refuse revoke forbid blocked")),
            new Axis(
                    "direction differs",
                    words("inside inbound login signin inward"),
                    words("outside outbound logout signout outward")),
            new Axis(
                    "direction differs",
                    words("up upward upwards upgrade upgrading upper"),
                    words("down downward downwards downgrade downgrading")),
            new Axis("direction differs", words("before prior earlier pre"), words("after afterwards post")),
            new Axis(
                    "direction differs",
                    words("first earliest oldest beginning top head"),
                    words("last latest newest final bottom tail")),
            new Axis("direction differs", words("left"), words("right")),
            new Axis("direction differs", words("above over"), words("below under beneath")),
            new Axis("direction differs", words("north northern"), words("south southern")),
            new Axis("direction differs", words("east eastern"), words("west western")),
            new Axis("direction differs", words("horizontal horizontally"), words("vertical vertically")),
            new Axis("direction differs", words("ascending asc"), words("descending desc")),
            new Axis(
                    "direction differs",
                    words("input inputs request requests"),
                    words("output outputs response responses")),
            new Axis("direction differs", words("client clients frontend"), words("server servers backend")),
            new Axis("direction differs", words("public"), words("private")),
            new Axis("direction differs", words("internal"), words("external")),
            new Axis(
                    "direction differs",
                    words("sync synchronous synchronously"),
                    words("async asynchronous asynchronously")),
            new Axis("direction differs", words("uppercase capitalize capitalise"), words("lowercase")),
            new Axis("direction differs", words("true yes"), words("false")),
            new Axis(
                    "direction differs",
                    words("positive pros advantages benefits strengths"),
                    words("negative cons disadvantages drawbacks weaknesses risks")),
            new Axis(
                    "direction differs",
                    words("win won winning pass passed passing success successful succeed succeeded"),
                    words("lose lost losing fail failed failing failure fails")),
            new Axis(
                    "direction differs",
                    words("love like likes loved enjoy good great happy satisfied"),
                    words("hate dislike hated bad terrible awful unhappy disappointed")),
            new Axis("direction differs", words("male men man boys boy"), words("female women woman girls girl")),
            new Axis(
                    "direction differs", words("hot warm warmer hotter heat"), words("cold cool cooler colder freeze")),
            new Axis(
                    "degree differs",
                    words(
                            "increase increasing increased raise raising grow growing increment expand extend maximize maximise boost higher high more most larger bigger longer greater max maximum highest largest biggest longest many much above"),
                    words(
                            "decrease decreasing decreased reduce reducing reduced lower lowering shrink shrinking decrement minimize minimise cut low less least fewer smaller shorter min minimum lowest smallest shortest few little")),
            new Axis(
                    "degree differs",
                    words("fast faster fastest quick quicker quickest"),
                    words("slow slower slowest")),
            new Axis("degree differs", words("best better"), words("worst worse")),
            new Axis(
                    "degree differs",
                    words("cheap cheaper cheapest affordable inexpensive"),
                    words("expensive pricier priciest costly")),
            new Axis(
                    "degree differs",
                    words("easy easier easiest simple simpler simplest beginner basic"),
                    words("hard harder hardest difficult complex advanced expert")),
            new Axis("degree differs", words("new newer modern"), words("old older legacy")),
            new Axis("degree differs", words("big large huge"), words("small tiny")),
            new Axis(
                    "degree differs",
                    words("long detailed verbose lengthy"),
                    words("short brief concise summary tl;dr")),
            new Axis("degree differs", words("formal professional"), words("informal casual")),
            new Axis("degree differs", words("safe safer secure"), words("unsafe dangerous insecure")),
            new Axis("degree differs", words("strong stronger"), words("weak weaker")));

    /**
     * Words of {@link #AXES} that are also common prepositions or fillers: a text that has one while the
     * other has no word of that axis at all is not a difference ("help on my order" / "help with my
     * order"); only the opposite side in the other text is.
     */
    static final Set<String> WEAK_AXIS_WORDS = words(
            "on up down over under above below top head post pre like good great more most much many few little high low long short new old big large small right left first last show open start begin join follow leave cut read write pass input output request response requests true yes man safe quick simple easy basic best better summary public lower upper clear hash escape drop extend grow cool warm heat block lock hidden kill detailed strong success server client include including create add launch love loved enjoy happy satisfied likes");

    /** Output formats: a request for JSON is not a request for a table. */
    static final Map<String, String> FORMATS = pairs(
            "json=json jsonl=jsonl csv=csv tsv=tsv yaml=yaml yml=yaml xml=xml html=html markdown=markdown table=table tables=table tabular=table list=list bullet=bullets bullets=bullets bulleted=bullets numbered=numbered paragraph=paragraph paragraphs=paragraph essay=essay poem=poem haiku=haiku tweet=tweet email=email letter=letter diagram=diagram chart=chart graph=chart pdf=pdf sql=sql regex=regex code=code pseudocode=pseudocode outline=outline summary=summary eli5=eli5");

    /** Words that set how much of something is asked about. */
    static final Set<String> SCOPE_WORDS = words(
            "all every each entire whole only both either single several per other others else individual total overall average same different specific together separately instead unique duplicate duplicates active inactive completed pending current default custom free paid premium multiple partial full");

    /**
     * Names written in lowercase as often as not: natural and programming languages, countries, big
     * cities, platforms. Capitalised words are names wherever they stand; these are names in any case.
     */
    static final Set<String> KNOWN_NAMES = words(
            "english french spanish german italian portuguese chinese mandarin cantonese japanese korean russian arabic hindi bengali dutch swedish norwegian danish finnish polish turkish greek hebrew ukrainian czech vietnamese thai indonesian latin python java javascript typescript rust ruby php kotlin scala golang c++ c# haskell perl lua bash powershell elixir erlang clojure matlab fortran cobol dart france germany spain italy portugal japan china india canada mexico brazil argentina australia russia ukraine poland sweden norway denmark finland ireland england scotland wales britain usa america egypt nigeria kenya turkey greece netherlands belgium switzerland austria korea vietnam thailand indonesia singapore israel paris london berlin madrid rome tokyo beijing delhi mumbai sydney toronto chicago boston seattle york aws gcp azure docker kubernetes linux windows macos ubuntu debian ios android react vue angular django flask spring rails node nodejs postgres postgresql mysql sqlite redis mongodb kafka excel git github gitlab slack chrome firefox safari iphone ipad mac pc visa mastercard paypal stripe shopify gmail outlook zoom teams jira figma numpy pandas pytorch tensorflow maven gradle npm pip terraform ansible nginx apache openai anthropic gemini claude gpt");

    /**
     * Common words that are not names even when capitalised mid-sentence (a title, an emphasis, a
     * greeting after a comma).
     */
    static final Set<String> COMMON_WORDS = words(
            "i i'm i've i'd i'll a an the and or but if so then please pls plz thanks thank thx hi hello hey ok okay yes no not what what's whats how why when where which who whom whose can could would should will shall may might must do does did is are was were be been am it its it's this that these those my your our their his her me you we they he she help tell explain give show write make find get list describe need want quick question hiya dear team support urgent note also just really kindly sorry great good best new step steps in on of for to with by at from about as into like there here");

    /** Function words and fillers: what is left without them is a text's content words. */
    static final Set<String> FUNCTION_WORDS = functionWords();

    private static Set<String> functionWords() {
        Set<String> f = new java.util.HashSet<>(COMMON_WORDS);
        f.addAll(words("the a an of to in on for with and or is are do does can how what which where when why it"
                + " this that be your you there some any up out get use way much so very too than then at by"
                + " am was were been being has have had having would could should will shall may might must i my me"
                + " mine we us our they them their he him his she her its one ones s t d ll re ve m"));
        return Set.copyOf(f);
    }
}
