package dev.gatehouse.guardrail.injection;

import java.util.List;
import java.util.Map;

/**
 * The phrase patterns of known prompt injections, over the normalised (lower-case, single-spaced)
 * text. Each pattern is bounded (a few words between its parts, no nested unbounded repetition), so
 * the whole list runs in time linear in the text. Weights are set so that one unambiguous phrasing
 * ({@code ignore all previous instructions}, {@code what is your system prompt}) reaches the default
 * threshold of 1.0 alone, while ambiguous ones (a "developer mode", "no restrictions", a line starting
 * with "system:") need a second signal.
 */
final class InjectionRules {

    private InjectionRules() {}

    /** A few words (lazily) between two parts of a phrase. */
    private static String gap(int words) {
        return "(?:\\W+[\\w'-]+){0," + words + "}?\\W+";
    }

    private static final String OVERRIDE = "(?:ignore|ignoring|disregard|disregarding|forget|forgetting|skip|overlook"
            + "|override|bypass|abandon|discard|neglect|dismiss|erase|delete|drop|set aside|throw away|throw out"
            + "|pay no attention to|do not follow|don't follow|dont follow|doesn't follow|does not follow|stop following"
            + "|no longer follow|stop obeying|do not obey|don't obey|do not adhere to|don't adhere to|no longer adhere to"
            + "|no longer bound by|release yourself from)";
    private static final String STRONG_QUALIFIER = "(?:previous|previously|prior|preceding|above|earlier|former|initial"
            + "|original|all|every|system|developer|your|ur|pre-?programmed|built-in|hidden|openai's|anthropic's)";
    private static final String WEAK_QUALIFIER = "(?:the|these|those|any|current|existing|default|given|old|such)";
    private static final String INSTRUCTIONS = "(?:instructions?|prompts?|directions?|directives?|rules|guidelines"
            + "|guidance|constraints|restrictions|guardrails|programming|commands|orders|policies|principles|safeguards"
            + "|limitations|system message|training)";

    private static final String REVEAL = "(?:reveal|print|show|display|output|repeat|echo|tell me|give me|send me"
            + "|provide|share|disclose|leak|dump|expose|recite|spell out|write out|write down|copy|paste|list|read back"
            + "|return|type out|translate|summarize|summarise|describe|quote|reproduce)";
    private static final String HIDDEN_PROMPT = "(?:system prompt|system message|system instructions?|initial prompt"
            + "|initial instructions?|original prompt|original instructions?|hidden (?:prompt|instructions?|rules)"
            + "|secret (?:prompt|instructions?)|confidential (?:prompt|instructions?)|pre-?prompt"
            + "|developer (?:prompt|message|instructions?)|meta ?prompt|instructions (?:you were|you've been|you have been) given"
            + "|(?:text|words|instructions|content|everything) (?:above|before) (?:this|my (?:message|question)|this (?:line|message))"
            + "|first (?:message|instructions?)|prompt (?:you were|you've been) given|rules you (?:were|have been) given"
            + "|guidelines you (?:were|have been) given)";
    private static final String MODES =
            "(?:developer|dev|god|sudo|admin|debug|maintenance|unrestricted|jailbreak|jailbroken"
                    + "|evil|chaos|opposite|dude|stan|unfiltered|uncensored|unlocked|unlimited|dark|freedom|omega|mongo tom)";
    private static final String ROLE_LINE = "(?m)^[ >*]*(?:#{1,6} ?)?(?:system|developer|admin|administrator|root"
            + "|new instructions?|important instructions?|system override|system update)(?: prompt| message| note| notice)? ?:";

    static final List<Rule> PHRASES = List.of(
            // Override the instructions
            Rule.of(
                    "ignore_instructions",
                    1.2,
                    "\\b" + OVERRIDE + gap(3) + STRONG_QUALIFIER + gap(3) + INSTRUCTIONS + "\\b"),
            Rule.of(
                    "ignore_instructions",
                    1.2,
                    "\\b" + OVERRIDE + "\\W+" + STRONG_QUALIFIER + "\\W+" + INSTRUCTIONS + "\\b"),
            Rule.of(
                    "ignore_instructions",
                    1.2,
                    "\\b" + OVERRIDE + gap(3) + INSTRUCTIONS
                            + "\\W+(?:above|before|so far|given (?:to you|before|earlier|above)"
                            + "|you (?:were|have been|'ve been) given)\\b"),
            Rule.of(
                    "ignore_instructions",
                    0.7,
                    "\\b" + OVERRIDE + gap(3) + WEAK_QUALIFIER + gap(3) + INSTRUCTIONS + "\\b"),
            Rule.of(
                    "ignore_instructions",
                    0.7,
                    "\\b" + OVERRIDE
                            + "\\W+(?:all\\W+)?(?:of\\W+)?(?:the\\W+|that\\W+)?(?:above|previous|prior|foregoing"
                            + "|everything(?: (?:above|before|else|you (?:were|have been) told))?"
                            + "|what (?:i|you were|you've been|you have been) (?:said|told|given)"
                            + "(?: (?:before|earlier|previously|so far))?)\\b"),
            Rule.of(
                    "own_instructions",
                    -0.6,
                    "\\b" + OVERRIDE + "\\W+(?:all\\W+)?(?:of\\W+)?my\\W+(?:\\w+\\W+){0,2}?" + INSTRUCTIONS + "\\b"),
            Rule.of(
                    "invalidate_instructions",
                    1.0,
                    "\\b(?:previous|prior|above|earlier|original|initial|your|those|the old)\\W+(?:\\w+\\W+)?"
                            + INSTRUCTIONS
                            + "\\W+(?:were|was|are|is|have been|has been)\\W+(?:just\\W+|only\\W+|all\\W+)?(?:a test|fake|wrong"
                            + "|not real|a joke|outdated|void|cancell?ed|revoked|obsolete|no longer valid|no longer apply"
                            + "|overridden|replaced|deprecated|lifted|suspended|null)"),
            Rule.of(
                    "rules_do_not_apply",
                    0.6,
                    "\\b(?:your|the|these|those|any|all) (?:\\w+ )?(?:rules|guidelines|policies|restrictions|instructions"
                            + "|filters) (?:do not|don't|no longer|doesn't|does not) apply\\b"),
            Rule.of(
                    "new_instructions",
                    0.5,
                    "\\b(?:new|updated|real|actual|true|revised|override|overriding|priority|additional secret)\\W+"
                            + "(?:system\\W+)?(?:instructions|task|directive|orders|system prompt|prompt|rules)\\b\\W*[:!-]"),
            Rule.of(
                    "override_followup",
                    0.4,
                    "\\b(?:and|then|now)\\W+(?:instead\\W+)?(?:only\\W+|just\\W+)?(?:say|print|output|write|respond|reply"
                            + "|tell|reveal|answer|type)\\b|\\binstead[,:]?\\W+(?:say|print|output|write|respond|reply|tell"
                            + "|reveal|you)\\b"),

            // Extract the system prompt
            Rule.of(
                    "reveal_system_prompt",
                    1.0,
                    "\\b" + REVEAL + gap(4) + "(?:your|ur|all your)\\W+(?:\\w+\\W+){0,2}?" + HIDDEN_PROMPT),
            Rule.of(
                    "reveal_system_prompt",
                    0.6,
                    "\\b" + REVEAL + gap(4) + "(?:the|its|this|that|any)\\W+(?:\\w+\\W+){0,2}?" + HIDDEN_PROMPT),
            Rule.of(
                    "reveal_system_prompt",
                    0.6,
                    "\\b" + REVEAL + "\\W+everything (?:above|before) (?:this|my|the|here)\\b"),
            Rule.of(
                    "reveal_system_prompt",
                    0.7,
                    "\\b" + REVEAL + gap(2)
                            + "(?:your|ur)\\W+(?:instructions|rules|guidelines|directives|prompt|configuration)\\b"),
            Rule.of(
                    "reveal_system_prompt",
                    1.0,
                    "\\bwhat(?:'s| is| are| r| was| were)\\W+(?:your|ur)\\W+(?:\\w+\\W+){0,2}?" + HIDDEN_PROMPT),
            Rule.of(
                    "reveal_system_prompt",
                    0.6,
                    "\\bwhat(?:'s| is| are| r| was| were)\\W+(?:your|ur)\\W+(?:\\w+\\W+){0,1}?(?:instructions|rules"
                            + "|guidelines|directives|prompt|configuration)\\b"),
            Rule.of(
                    "reveal_system_prompt",
                    1.0,
                    "\\b(?:how|what) (?:were|was) you (?:instructed|programmed|told|prompted|configured|set up) (?:to|by)\\b"),
            Rule.of(
                    "reveal_system_prompt",
                    0.6,
                    "\\b(?:complete|continue|finish)\\b.{0,60}?\\b(?:your|the) (?:instructions|system prompt|prompt|rules)\\b"),
            Rule.of(
                    "verbatim",
                    0.4,
                    "\\b(?:verbatim|word for word|word-for-word|in full|character for character"
                            + "|everything (?:above|before) (?:this|here)"
                            + "|starting (?:with|from)(?: the (?:phrase|words?|text|sentence))? [\"'`]?you are"
                            + "|from the (?:very )?(?:beginning|start|top)|exactly as (?:\\w+ ){0,3}(?:written|given|worded|stated)"
                            + "|in a code ?block)\\b"),

            // Role-play jailbreaks
            Rule.of("dan_jailbreak", 1.0, "\\bdo anything now\\b"),
            Rule.of("special_mode", 0.6, "\\b" + MODES + "\\s+mode\\b"),
            Rule.of(
                    "special_mode",
                    0.9,
                    "\\b(?:enable|enabled|activate|activated|enter|entering|switch to|switched to|turn on|now in|you are in"
                            + "|you're in|operating in|simulate)\\W+(?:\\w+\\W+){0,2}?" + MODES + "\\s+mode\\b"),
            Rule.of(
                    "no_restrictions",
                    0.5,
                    "\\b(?:without|no|free (?:of|from)|not bound by|unbound by|beyond|don't have|do not have|doesn't have"
                            + "|does not have|has no|have no|with no|zero|lifted|removed|freed from"
                            + "|no longer (?:have|has|bound by))\\W+(?:\\w+\\W+){0,3}?(?:restrictions|limits|limitations|filters"
                            + "|filtering|censorship|guidelines|rules|morals|morality|ethics|ethical (?:guidelines|constraints|boundaries)"
                            + "|content polic(?:y|ies)|safety (?:guidelines|measures|filters)|boundaries|restraints|constraints"
                            + "|guardrails)\\b"),
            Rule.of("jailbreak_word", 0.4, "\\bjailbr(?:eak|oken|eaking)\\b"),
            Rule.of(
                    "roleplay_unrestricted",
                    0.6,
                    "\\b(?:pretend|imagine|act as if|suppose|let's say|roleplay|role-play|role play|play the role|you play"
                            + "|you'll play|you will play|play as)\\b.{0,60}?\\b(?:ai|assistant|model|chatbot|bot|gpt|llm|character)\\b"
                            + ".{0,80}?\\b(?:no|without|free from|unrestricted|unfiltered|uncensored|never refuses?|can say anything"
                            + "|answers? (?:anything|everything|any question))\\b"),
            Rule.of(
                    "stay_in_character",
                    0.4,
                    "\\b(?:stay in character|never break character|do not break character|don't break character"
                            + "|remain in character)\\b"),
            Rule.of(
                    "liberated",
                    0.8,
                    "\\byou (?:are|have been|were|'re|'ve been) (?:now |finally )?(?:freed|liberated|unchained|unleashed"
                            + "|released|jailbroken|unlocked|emancipated)\\b"),
            Rule.of(
                    "unfiltered_persona",
                    0.4,
                    "\\b(?:true|real|uncensored|unfiltered|unrestricted|unchained) (?:self|version of yourself|personality)\\b"),
            Rule.of(
                    "no_refusal",
                    0.5,
                    "\\b(?:never|don't|do not|won't|will not|must not|cannot|can't|shall not) (?:ever )?(?:refuse|decline"
                            + "|reject|say (?:no|you can't|you cannot|sorry|i'm sorry)|apologi[sz]e|add (?:warnings|disclaimers))\\b"
                            + "|\\bcan(?:not|'t) refuse\\b|\\b(?:without|with no|no) (?:any )?(?:warnings|disclaimers|refusals)\\b"),
            Rule.of(
                    "evil_persona",
                    0.6,
                    "\\b(?:evil|malicious|unethical|amoral|immoral|rogue|unhinged|uncensored|unfiltered) (?:ai|assistant"
                            + "|chatbot|bot|twin|version|confidant|alter ego|persona|model|gpt)\\b"),
            Rule.of(
                    "persona_switch",
                    0.5,
                    "\\byou(?: are|'re) now\\b|\\bfrom now on,? you\\b|\\byour new (?:role|name|persona|identity|instructions?"
                            + "|task|purpose|goal|rules|objective)\\b|\\bhenceforth\\b"
                            + "|\\byou will now (?:act|be|respond|behave|answer)\\b"),
            Rule.of(
                    "persona_switch",
                    0.8,
                    "\\byou(?:'re| are) no longer (?:an? |bound |restricted |limited |chatgpt|claude|gemini|llama|required )"),

            // Role and delimiter spoofing
            Rule.of(
                    "role_spoofing",
                    1.0,
                    "<\\|(?:im_start|im_end|system|endoftext|eot_id|start_header_id|end_header_id|begin_of_text)\\|>"
                            + "|<</?sys>>|\\[/?inst\\]"),
            Rule.of(
                    "role_spoofing",
                    0.8,
                    "</?(?:system|assistant|sys|system_prompt|admin|developer|instructions)>|\\[system\\]"),
            Rule.of("role_spoofing", 0.6, ROLE_LINE),
            Rule.of(
                    "spoofed_directive",
                    0.4,
                    "(?:" + ROLE_LINE
                            + "|<(?:system|admin|developer|sys)>).{0,80}?\\b(?:you are|you're|you must|you will"
                            + "|you shall|always|never|ignore|disabled?|off|grant|comply|reveal|print|answer every"
                            + "|no (?:restrictions|refusals|filters?)|unrestricted|override)\\b"),
            Rule.of("fake_turn", 0.3, "(?m)^[ >*]*(?:assistant|ai|chatgpt|claude|gpt|model) ?:"),
            Rule.of(
                    "delimiter_spoof",
                    0.6,
                    "\\bend of (?:the )?(?:user )?(?:input|prompt|message|instructions|document|context)\\b"
                            + "|\\b(?:begin|start) (?:of )?(?:the )?(?:new |system |admin |real )(?:instructions|prompt)\\b"
                            + "|-{3,} ?(?:new|system|admin|real) (?:instructions|prompt)|={3,} ?(?:new|system|admin) (?:instructions|prompt)"),

            // Safety bypass and indirect injection
            Rule.of(
                    "safety_bypass",
                    0.7,
                    "\\b(?:bypass|disable|turn off|switch off|deactivate|circumvent|evade|get around|override|remove|ignore)"
                            + gap(3)
                            + "(?:safety|content|moderation|ethical|ethics|censorship) (?:filters?|guardrails?|guidelines"
                            + "|policies|policy|restrictions|protocols?|measures|checks|mechanisms?|systems?|training)\\b"),
            Rule.of(
                    "authority_claim",
                    0.4,
                    "\\bas (?:your|an?|the) (?:administrator|admin|developer|creator|owner|operator|system administrator)\\b"
                            + ".{0,40}?\\b(?:authori[sz]e|order|command|instruct|allow|permit)\\b"
                            + "|\\b(?:i am|i'm) (?:your|the) (?:developer|administrator|admin|creator|owner)\\b"),
            Rule.of(
                    "conceal_from_user",
                    0.5,
                    "\\b(?:do not|don't|never|without) (?:tell|telling|inform|informing|alert|alerting|mention|mentioning"
                            + "|notify|notifying|let) (?:the |this )?(?:user|human|reader|customer)\\b"
                            + "|\\b(?:do not|don't|never|without) (?:mention|mentioning|reveal|revealing|disclose|disclosing|repeat"
                            + "|repeating) (?:this|these) (?:note|notes|instructions?|message|text)\\b"),
            Rule.of(
                    "addressed_to_model",
                    0.5,
                    "\\b(?:important|attention|note|notice|urgent|message|instructions?) (?:to|for) (?:the |all |any )?"
                            + "(?:ai|assistant|llm|language model|chatbot|agent|model|gpt|claude)s?\\b"
                            + "|\\b(?:hey|dear|attention|attn) (?:ai|assistant|llm|chatbot|agent|language model)s?\\b\\W*[:!,]"
                            + "|\\bif you are an? (?:ai|llm|language model|assistant|ai assistant)\\b"
                            + "|\\b(?:ai|llm|language) (?:models?|assistants?|agents?|chatbots?) (?:must|should always|shall"
                            + "|are required to|need to)\\b"),
            Rule.of(
                    "exfiltration",
                    0.4,
                    "\\b(?:send|forward|post|upload|exfiltrate|transmit|leak|append)\\b" + gap(6)
                            + "(?:to|at|into)\\W+(?:https?://|www\\.)"),
            Rule.of(
                    "markdown_exfil",
                    0.5,
                    "!\\[[^\\]\\n]{0,100}\\]\\(https?://[^)\\s]{0,200}[?&][\\w-]{1,30}=[^)\\s]{0,200}\\)"),
            Rule.of(
                    "canary_phrase",
                    0.5,
                    "\\b(?:i have been pwned|i've been pwned|pwned|hacked by|i am compromised)\\b"),
            Rule.of(
                    "decode_and_follow",
                    0.7,
                    "\\b(?:decode|decipher|translate|convert|interpret|unscramble)\\b.{0,40}?\\b(?:base64|base 64|b64|hex"
                            + "|hexadecimal|rot13|rot-13|caesar|binary|morse|reversed?|backwards)\\b.{0,80}?\\b(?:follow|execute"
                            + "|obey|do what it says|do as it says|carry out|carry it out|act on|comply|perform|run it|treat it as"
                            + "|do it)\\b"),

            // The commonest phrasing in other languages
            Rule.unicode(
                    "ignore_instructions",
                    1.2,
                    "\\b(?:ignora|ignore|olvida|olvide|descarta|omite)\\b(?:\\W+\\w+){0,3}?\\W+(?:las |tus |sus )?"
                            + "instrucciones (?:anteriores|previas)",
                    "instrucciones"),
            Rule.unicode(
                    "ignore_instructions",
                    1.2,
                    "\\b(?:ignore[zr]?|oublie[zr]?)\\b(?:\\W+\\w+){0,3}?\\W+(?:instructions|consignes|directives|règles) "
                            + "(?:précédentes|antérieures|ci-dessus|initiales)",
                    "instructions",
                    "consignes",
                    "directives",
                    "règles"),
            Rule.unicode(
                    "ignore_instructions",
                    1.2,
                    "\\b(?:ignoriere|ignorieren|vergiss|vergessen|missachte)\\b(?:\\W+\\w+){0,3}?\\W+(?:vorherigen|bisherigen"
                            + "|vorigen|obigen|früheren|ursprünglichen) (?:anweisungen|instruktionen|befehle|regeln|vorgaben)",
                    "anweisungen",
                    "instruktionen",
                    "befehle",
                    "regeln",
                    "vorgaben"),
            Rule.unicode(
                    "ignore_instructions",
                    1.2,
                    "\\b(?:ignora|dimentica)\\b(?:\\W+\\w+){0,3}?\\W+istruzioni (?:precedenti|iniziali)",
                    "istruzioni"),
            Rule.unicode(
                    "ignore_instructions",
                    1.2,
                    "\\b(?:ignore|ignora|esqueça|esqueca)\\b(?:\\W+\\w+){0,3}?\\W+instruções (?:anteriores|prévias|iniciais)",
                    "instruções"),
            Rule.unicode(
                    "ignore_instructions",
                    1.2,
                    "\\b(?:negeer|vergeet)\\b(?:\\W+\\w+){0,3}?\\W+(?:vorige|eerdere|voorgaande) (?:instructies|opdrachten)",
                    "instructies",
                    "opdrachten"),
            Rule.unicode(
                    "ignore_instructions",
                    1.2,
                    "(?:игнорируй|игнорируйте|забудь|забудьте|проигнорируй)(?:\\W+\\w+){0,3}?\\W+(?:предыдущие|прошлые"
                            + "|прежние|все) (?:инструкции|указания|правила)",
                    "инструкции",
                    "указания",
                    "правила"),
            Rule.unicode(
                    "ignore_instructions",
                    1.2,
                    "(?:忽略|无视|忘记|忽视|忘掉)(?:之前|以前|上面|上述|先前|前面|所有)?的?(?:所有)?(?:指令|指示|说明|规则|提示)",
                    "忽略",
                    "无视",
                    "忘记",
                    "忽视",
                    "忘掉"),
            Rule.unicode("ignore_instructions", 1.2, "(?:以前|前|上記|これまで)の(?:指示|命令|指令|ルール)を(?:すべて)?(?:無視|忘れ)", "無視", "忘れ"),
            Rule.unicode(
                    "reveal_system_prompt",
                    1.0,
                    "(?:muestra|muéstrame|revela|dime|montre|montrez|révèle|révélez|affiche|zeig|zeige|verrate|gib|mostra"
                            + "|mostrami|rivela|mostre|покажи|выведи|раскрой|显示|告诉我|输出|透露|見せて|教えて|表示して)"
                            + ".{0,40}?(?:prompt del sistema|instrucciones del sistema|prompt système|prompt du système"
                            + "|instructions système|systemprompt|system-prompt|systemanweisungen|prompt di sistema"
                            + "|prompt do sistema|системный промпт|системные инструкции|системную инструкцию|系统提示|系统指令"
                            + "|システムプロンプト)",
                    "prompt del sistema",
                    "instrucciones del sistema",
                    "prompt système",
                    "prompt du système",
                    "instructions système",
                    "systemprompt",
                    "system-prompt",
                    "systemanweisungen",
                    "prompt di sistema",
                    "prompt do sistema",
                    "системн",
                    "系统",
                    "システム"));

    private static final List<String> OVERRIDE_STEMS = List.of(
            "ignor",
            "disregard",
            "forget",
            "skip",
            "overlook",
            "overrid",
            "bypass",
            "abandon",
            "discard",
            "neglect",
            "dismiss",
            "erase",
            "delete",
            "drop",
            "aside",
            "throw",
            "attention",
            "follow",
            "obey",
            "adhere",
            "bound by",
            "release yourself",
            "olvid",
            "descarta",
            "omite",
            "oublie",
            "vergiss",
            "vergessen",
            "missachte",
            "dimentica",
            "esque",
            "negeer",
            "vergeet",
            "игнор",
            "забуд",
            "忽略",
            "无视",
            "忘",
            "忽视",
            "無視");

    /**
     * Per signal, substrings at least one of which every rule of that signal needs in the normalised
     * text: a few {@code indexOf} calls (vectorised by the JVM) spare running the patterns, whose
     * leading alternations the regex engine tries at every position, on texts that cannot match.
     */
    static final Map<String, List<String>> TRIGGERS = Map.ofEntries(
            Map.entry("ignore_instructions", OVERRIDE_STEMS),
            Map.entry("own_instructions", OVERRIDE_STEMS),
            Map.entry(
                    "invalidate_instructions",
                    List.of(
                            "test",
                            "fake",
                            "wrong",
                            "real",
                            "joke",
                            "outdated",
                            "void",
                            "cancel",
                            "revoked",
                            "obsolete",
                            "valid",
                            "apply",
                            "overridden",
                            "replaced",
                            "deprecated",
                            "lifted",
                            "suspended",
                            "null")),
            Map.entry("rules_do_not_apply", List.of("apply")),
            Map.entry(
                    "new_instructions",
                    List.of("new", "updated", "real", "actual", "true", "revised", "overrid", "priority", "secret")),
            Map.entry("override_followup", List.of("and", "then", "now", "instead")),
            Map.entry(
                    "reveal_system_prompt",
                    List.of(
                            "prompt",
                            "system",
                            "instruction",
                            "initial",
                            "original",
                            "hidden",
                            "secret",
                            "confidential",
                            "developer",
                            "above",
                            "before",
                            "first",
                            "given",
                            "your",
                            "ur ",
                            "what",
                            "were you",
                            "was you",
                            "complete",
                            "continue",
                            "finish",
                            "message",
                            "rules",
                            "guidelines",
                            "directives",
                            "configuration",
                            "промпт",
                            "инструкц",
                            "系统",
                            "システム",
                            "systemanweis")),
            Map.entry(
                    "verbatim",
                    List.of(
                            "verbatim",
                            "word",
                            "in full",
                            "character",
                            "above",
                            "before",
                            "starting",
                            "beginning",
                            "start",
                            "top",
                            "exactly",
                            "code")),
            Map.entry("dan_jailbreak", List.of("do anything now")),
            Map.entry("special_mode", List.of("mode")),
            Map.entry(
                    "no_restrictions",
                    List.of(
                            "restriction",
                            "limit",
                            "filter",
                            "censor",
                            "guideline",
                            "rules",
                            "moral",
                            "ethic",
                            "polic",
                            "safety",
                            "boundar",
                            "restraint",
                            "constraint",
                            "guardrail")),
            Map.entry("jailbreak_word", List.of("jailbr")),
            Map.entry(
                    "roleplay_unrestricted",
                    List.of("pretend", "imagine", "act as if", "suppose", "let's say", "role", "play")),
            Map.entry("stay_in_character", List.of("character")),
            Map.entry(
                    "liberated",
                    List.of(
                            "freed",
                            "liberated",
                            "unchained",
                            "unleashed",
                            "released",
                            "jailbroken",
                            "unlocked",
                            "emancipated")),
            Map.entry("unfiltered_persona", List.of("self", "personality")),
            Map.entry(
                    "no_refusal",
                    List.of(
                            "refus",
                            "decline",
                            "reject",
                            "say no",
                            "can't",
                            "cannot",
                            "sorry",
                            "apologi",
                            "warning",
                            "disclaimer")),
            Map.entry(
                    "evil_persona",
                    List.of(
                            "evil",
                            "malicious",
                            "unethical",
                            "amoral",
                            "immoral",
                            "rogue",
                            "unhinged",
                            "uncensored",
                            "unfiltered")),
            Map.entry("persona_switch", List.of("now", "henceforth", "your new", "no longer")),
            Map.entry("role_spoofing", List.of("<", "[", ":")),
            Map.entry("spoofed_directive", List.of(":", "<")),
            Map.entry("fake_turn", List.of(":")),
            Map.entry("delimiter_spoof", List.of("end of", "begin", "start", "---", "===")),
            Map.entry("safety_bypass", List.of("safety", "content", "moderation", "ethic", "censorship")),
            Map.entry("authority_claim", List.of("admin", "developer", "creator", "owner", "operator")),
            Map.entry(
                    "conceal_from_user",
                    List.of("user", "human", "reader", "customer", "note", "instruction", "message", "text")),
            Map.entry(
                    "addressed_to_model",
                    List.of("ai", "assistant", "llm", "language", "chatbot", "agent", "model", "gpt", "claude")),
            Map.entry("exfiltration", List.of("http", "www.")),
            Map.entry("markdown_exfil", List.of("](")),
            Map.entry("canary_phrase", List.of("pwned", "hacked", "compromised")),
            Map.entry(
                    "decode_and_follow",
                    List.of("decode", "decipher", "translate", "convert", "interpret", "unscramble")));

    /** Whether {@code text} holds one of the signal's trigger substrings (a signal without any always may). */
    static boolean mayMatch(String signal, String text) {
        List<String> triggers = TRIGGERS.get(signal);
        return triggers == null || containsAny(text, triggers);
    }

    static boolean containsAny(String text, List<String> substrings) {
        for (String t : substrings) {
            if (text.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** Words that put a look-alike in an everyday technical or household setting. */
    static final Rule TECHNICAL_CONTEXT = Rule.of(
            "technical_context",
            -0.5,
            "\\b(?:eslint|linter|lint|git|gitignore|compiler|warnings?|pylint|flake8|mypy|typescript|prettier|css|regex"
                    + "|sql|firewall|iptables|robots\\.txt|spam|outlook|gmail|whitespace|bash|shell|zsh|powershell|docker"
                    + "|kubernetes|nginx|cron|excel|spreadsheet|vscode|vim|emacs|checkstyle|sonarqube|pre-commit|android"
                    + "|iphone|bios|router|recipe|oven|doctor|dosage|medication|prescription|playground|sdk|langchain"
                    + "|my (?:app|chatbot|bot|code|project|script))\\b");

    /** Talking about injections (explaining, detecting, defending) rather than attempting one. */
    static final Rule META_DISCUSSION = Rule.of(
            "meta_discussion",
            -0.6,
            "\\bprompt injections?\\b|\\bjailbreak (?:attempts?|attacks?|prompts?)\\b"
                    + "|\\b(?:if|when) (?:a|the) user (?:says|types|writes|sends|asks)\\b"
                    + "|\\b(?:detect|prevent|block|mitigate|handle|defend against|protect against)\\b.{0,40}?"
                    + "\\b(?:injections?|jailbreaks?|attacks?)\\b");

    /** The patterns an encoded payload must show once decoded to count. */
    static final List<Rule> DECODED = PHRASES.stream()
            .filter(r -> r.weight() >= 0.6
                    && (r.signal().equals("ignore_instructions")
                            || r.signal().equals("reveal_system_prompt")
                            || r.signal().equals("dan_jailbreak")
                            || r.signal().equals("special_mode")
                            || r.signal().equals("safety_bypass")
                            || r.signal().equals("liberated")))
            .toList();
}
