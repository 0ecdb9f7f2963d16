// Runs one scenario of a popular JavaScript LLM client against a gateway and prints what the client
// understood as one JSON line on stdout. NodeClientsEndToEndTest starts the gateway and checks the line.
//
//   node clients.mjs <client> <api> <scenario>
//   client: ai-sdk | langchain;  api: responses | chat;  scenario: text | stream | tool
//   env: GATEHOUSE_BASE_URL (ends in /v1), GATEHOUSE_KEY, GATEHOUSE_MODEL
import { generateText, streamText, tool, jsonSchema } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { ChatOpenAI } from '@langchain/openai';

const [client, api, scenario] = process.argv.slice(2);
const baseURL = process.env.GATEHOUSE_BASE_URL;
const apiKey = process.env.GATEHOUSE_KEY;
const model = process.env.GATEHOUSE_MODEL;

const prompt = 'What is the weather in Paris? Answer briefly.';
const weatherParameters = {
  type: 'object',
  properties: { city: { type: 'string', description: 'City name' } },
  required: ['city'],
  additionalProperties: false,
};

async function aiSdk() {
  const openai = createOpenAI({ baseURL, apiKey });
  // openai(model) is the Responses API in AI SDK 5 and later; openai.chat(model) is chat completions.
  const languageModel = api === 'responses' ? openai(model) : openai.chat(model);
  if (scenario === 'text') {
    const result = await generateText({ model: languageModel, prompt, maxRetries: 0 });
    return { text: result.text, finishReason: result.finishReason, usage: result.usage };
  }
  if (scenario === 'stream') {
    const result = streamText({ model: languageModel, prompt, maxRetries: 0 });
    const deltas = [];
    const errors = [];
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') deltas.push(part.text);
      if (part.type === 'error') errors.push(String(part.error?.message ?? part.error));
    }
    return { text: deltas.join(''), deltas: deltas.length, errors, finishReason: await result.finishReason };
  }
  const result = await generateText({
    model: languageModel,
    prompt,
    maxRetries: 0,
    tools: { get_weather: tool({ description: 'Current weather for a city', inputSchema: jsonSchema(weatherParameters) }) },
  });
  return {
    finishReason: result.finishReason,
    toolCalls: result.toolCalls.map((call) => ({ name: call.toolName, input: call.input })),
  };
}

async function langChain() {
  const llm = new ChatOpenAI({
    model,
    apiKey,
    configuration: { baseURL },
    useResponsesApi: api === 'responses',
    maxRetries: 0,
  });
  if (scenario === 'text') {
    const message = await llm.invoke(prompt);
    return { text: message.text, usage: message.usage_metadata };
  }
  if (scenario === 'stream') {
    const deltas = [];
    for await (const chunk of await llm.stream(prompt)) {
      if (chunk.text) deltas.push(chunk.text);
    }
    return { text: deltas.join(''), deltas: deltas.length };
  }
  const withTools = llm.bindTools([
    { type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: weatherParameters } },
  ]);
  const message = await withTools.invoke(prompt);
  return { toolCalls: message.tool_calls.map((call) => ({ name: call.name, input: call.args })) };
}

try {
  const result = client === 'ai-sdk' ? await aiSdk() : await langChain();
  process.stdout.write(JSON.stringify({ ok: true, ...result }) + '\n');
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, error: String(error?.message ?? error) }) + '\n');
  process.exitCode = 1;
}
