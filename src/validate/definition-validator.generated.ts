// Generated from src/validate/definition-schema.ts by test/validate/definition-validator.test.ts with ajv's
// standalone code; do not edit. To regenerate: npx vitest run test/validate/definition-validator.test.ts -u
// @ts-nocheck
/* eslint-disable */
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
export const validate = validate10;
export default validate10;
const schema11 = {"$id":"https://ductape-events.dev/schema/event-definition.json","type":"object","additionalProperties":false,"required":["name","tag","description","sample"],"properties":{"name":{"type":"string","description":"A human-readable name for the webhook event."},"tag":{"type":"string","description":"A unique identifier combining the webhook and event (webhook-tag:event-tag)."},"description":{"type":"string","description":"A brief explanation of the event's purpose."},"sample":{"type":"object","description":"A sample payload structure for testing the event.","additionalProperties":false,"required":["headers","query","body","params"],"properties":{"headers":{"type":"object","additionalProperties":{"type":"string"},"description":"HTTP headers sent with the event request."},"query":{"type":"object","description":"Query parameters included in the request."},"body":{"type":"object","description":"The request body, typically containing event details."},"params":{"type":"object","description":"URL parameters included in the event request."}}},"examples":{"type":"array","items":{"type":"object","description":"A sample payload structure for testing the event.","additionalProperties":false,"required":["headers","query","body","params"],"properties":{"headers":{"type":"object","additionalProperties":{"type":"string"},"description":"HTTP headers sent with the event request."},"query":{"type":"object","description":"Query parameters included in the request."},"body":{"type":"object","description":"The request body, typically containing event details."},"params":{"type":"object","description":"URL parameters included in the event request."}}},"description":"More payloads, merged with the sample."},"schema":{"type":"object","additionalProperties":false,"properties":{"headers":{"type":["object","boolean"]},"query":{"type":["object","boolean"]},"body":{"type":["object","boolean"]},"params":{"type":["object","boolean"]}},"description":"JSON Schemas of the payload's parts, by part."},"refine":{"type":"object","additionalProperties":{"type":"object","additionalProperties":false,"minProperties":1,"properties":{"optional":{"type":"boolean"},"nullable":{"type":"boolean"},"literal":{"type":"boolean"},"enum":{"type":"array","minItems":1,"items":{"type":["string","number","boolean","null"]}},"schema":{"type":"object"},"description":{"type":"string"}}},"description":"Refinements by field path."},"selector":{"type":"string","minLength":1,"description":"Path of the field that identifies the event."},"acknowledge":{"type":"array","items":{"type":"string","minLength":1},"description":"Intended breaking changes, by payload path (see ductape-events diff)."}}};
const func0 = Object.prototype.hasOwnProperty;
const func84 = require("ajv/dist/runtime/ucs2length").default;

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://ductape-events.dev/schema/event-definition.json" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if((data.name === undefined) || (!(func0.call(data, "name")))){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if((data.tag === undefined) || (!(func0.call(data, "tag")))){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "tag"},message:"must have required property '"+"tag"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if((data.description === undefined) || (!(func0.call(data, "description")))){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "description"},message:"must have required property '"+"description"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if((data.sample === undefined) || (!(func0.call(data, "sample")))){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "sample"},message:"must have required property '"+"sample"+"'",schema:schema11.required,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 of Object.keys(data)){
if(!(func0.call(schema11.properties, key0))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.name !== undefined && func0.call(data, "name")){
let data0 = data.name;
if(typeof data0 !== "string"){
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.name.type,parentSchema:schema11.properties.name,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.tag !== undefined && func0.call(data, "tag")){
let data1 = data.tag;
if(typeof data1 !== "string"){
const err6 = {instancePath:instancePath+"/tag",schemaPath:"#/properties/tag/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.tag.type,parentSchema:schema11.properties.tag,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.description !== undefined && func0.call(data, "description")){
let data2 = data.description;
if(typeof data2 !== "string"){
const err7 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.description.type,parentSchema:schema11.properties.description,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.sample !== undefined && func0.call(data, "sample")){
let data3 = data.sample;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if((data3.headers === undefined) || (!(func0.call(data3, "headers")))){
const err8 = {instancePath:instancePath+"/sample",schemaPath:"#/properties/sample/required",keyword:"required",params:{missingProperty: "headers"},message:"must have required property '"+"headers"+"'",schema:schema11.properties.sample.required,parentSchema:schema11.properties.sample,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if((data3.query === undefined) || (!(func0.call(data3, "query")))){
const err9 = {instancePath:instancePath+"/sample",schemaPath:"#/properties/sample/required",keyword:"required",params:{missingProperty: "query"},message:"must have required property '"+"query"+"'",schema:schema11.properties.sample.required,parentSchema:schema11.properties.sample,data:data3};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if((data3.body === undefined) || (!(func0.call(data3, "body")))){
const err10 = {instancePath:instancePath+"/sample",schemaPath:"#/properties/sample/required",keyword:"required",params:{missingProperty: "body"},message:"must have required property '"+"body"+"'",schema:schema11.properties.sample.required,parentSchema:schema11.properties.sample,data:data3};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if((data3.params === undefined) || (!(func0.call(data3, "params")))){
const err11 = {instancePath:instancePath+"/sample",schemaPath:"#/properties/sample/required",keyword:"required",params:{missingProperty: "params"},message:"must have required property '"+"params"+"'",schema:schema11.properties.sample.required,parentSchema:schema11.properties.sample,data:data3};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
for(const key1 of Object.keys(data3)){
if(!((((key1 === "headers") || (key1 === "query")) || (key1 === "body")) || (key1 === "params"))){
const err12 = {instancePath:instancePath+"/sample",schemaPath:"#/properties/sample/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.sample,data:data3};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data3.headers !== undefined && func0.call(data3, "headers")){
let data4 = data3.headers;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
for(const key2 of Object.keys(data4)){
let data5 = data4[key2];
if(typeof data5 !== "string"){
const err13 = {instancePath:instancePath+"/sample/headers/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sample/properties/headers/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.sample.properties.headers.additionalProperties.type,parentSchema:schema11.properties.sample.properties.headers.additionalProperties,data:data5};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
else {
const err14 = {instancePath:instancePath+"/sample/headers",schemaPath:"#/properties/sample/properties/headers/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.sample.properties.headers.type,parentSchema:schema11.properties.sample.properties.headers,data:data4};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data3.query !== undefined && func0.call(data3, "query")){
let data6 = data3.query;
if(!(data6 && typeof data6 == "object" && !Array.isArray(data6))){
const err15 = {instancePath:instancePath+"/sample/query",schemaPath:"#/properties/sample/properties/query/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.sample.properties.query.type,parentSchema:schema11.properties.sample.properties.query,data:data6};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data3.body !== undefined && func0.call(data3, "body")){
let data7 = data3.body;
if(!(data7 && typeof data7 == "object" && !Array.isArray(data7))){
const err16 = {instancePath:instancePath+"/sample/body",schemaPath:"#/properties/sample/properties/body/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.sample.properties.body.type,parentSchema:schema11.properties.sample.properties.body,data:data7};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data3.params !== undefined && func0.call(data3, "params")){
let data8 = data3.params;
if(!(data8 && typeof data8 == "object" && !Array.isArray(data8))){
const err17 = {instancePath:instancePath+"/sample/params",schemaPath:"#/properties/sample/properties/params/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.sample.properties.params.type,parentSchema:schema11.properties.sample.properties.params,data:data8};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
else {
const err18 = {instancePath:instancePath+"/sample",schemaPath:"#/properties/sample/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.sample.type,parentSchema:schema11.properties.sample,data:data3};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data.examples !== undefined && func0.call(data, "examples")){
let data9 = data.examples;
if(Array.isArray(data9)){
const len0 = data9.length;
for(let i0=0; i0<len0; i0++){
let data10 = data9[i0];
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
if((data10.headers === undefined) || (!(func0.call(data10, "headers")))){
const err19 = {instancePath:instancePath+"/examples/" + i0,schemaPath:"#/properties/examples/items/required",keyword:"required",params:{missingProperty: "headers"},message:"must have required property '"+"headers"+"'",schema:schema11.properties.examples.items.required,parentSchema:schema11.properties.examples.items,data:data10};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if((data10.query === undefined) || (!(func0.call(data10, "query")))){
const err20 = {instancePath:instancePath+"/examples/" + i0,schemaPath:"#/properties/examples/items/required",keyword:"required",params:{missingProperty: "query"},message:"must have required property '"+"query"+"'",schema:schema11.properties.examples.items.required,parentSchema:schema11.properties.examples.items,data:data10};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if((data10.body === undefined) || (!(func0.call(data10, "body")))){
const err21 = {instancePath:instancePath+"/examples/" + i0,schemaPath:"#/properties/examples/items/required",keyword:"required",params:{missingProperty: "body"},message:"must have required property '"+"body"+"'",schema:schema11.properties.examples.items.required,parentSchema:schema11.properties.examples.items,data:data10};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if((data10.params === undefined) || (!(func0.call(data10, "params")))){
const err22 = {instancePath:instancePath+"/examples/" + i0,schemaPath:"#/properties/examples/items/required",keyword:"required",params:{missingProperty: "params"},message:"must have required property '"+"params"+"'",schema:schema11.properties.examples.items.required,parentSchema:schema11.properties.examples.items,data:data10};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
for(const key3 of Object.keys(data10)){
if(!((((key3 === "headers") || (key3 === "query")) || (key3 === "body")) || (key3 === "params"))){
const err23 = {instancePath:instancePath+"/examples/" + i0,schemaPath:"#/properties/examples/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.examples.items,data:data10};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data10.headers !== undefined && func0.call(data10, "headers")){
let data11 = data10.headers;
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
for(const key4 of Object.keys(data11)){
let data12 = data11[key4];
if(typeof data12 !== "string"){
const err24 = {instancePath:instancePath+"/examples/" + i0+"/headers/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/examples/items/properties/headers/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.examples.items.properties.headers.additionalProperties.type,parentSchema:schema11.properties.examples.items.properties.headers.additionalProperties,data:data12};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
else {
const err25 = {instancePath:instancePath+"/examples/" + i0+"/headers",schemaPath:"#/properties/examples/items/properties/headers/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.examples.items.properties.headers.type,parentSchema:schema11.properties.examples.items.properties.headers,data:data11};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data10.query !== undefined && func0.call(data10, "query")){
let data13 = data10.query;
if(!(data13 && typeof data13 == "object" && !Array.isArray(data13))){
const err26 = {instancePath:instancePath+"/examples/" + i0+"/query",schemaPath:"#/properties/examples/items/properties/query/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.examples.items.properties.query.type,parentSchema:schema11.properties.examples.items.properties.query,data:data13};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data10.body !== undefined && func0.call(data10, "body")){
let data14 = data10.body;
if(!(data14 && typeof data14 == "object" && !Array.isArray(data14))){
const err27 = {instancePath:instancePath+"/examples/" + i0+"/body",schemaPath:"#/properties/examples/items/properties/body/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.examples.items.properties.body.type,parentSchema:schema11.properties.examples.items.properties.body,data:data14};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data10.params !== undefined && func0.call(data10, "params")){
let data15 = data10.params;
if(!(data15 && typeof data15 == "object" && !Array.isArray(data15))){
const err28 = {instancePath:instancePath+"/examples/" + i0+"/params",schemaPath:"#/properties/examples/items/properties/params/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.examples.items.properties.params.type,parentSchema:schema11.properties.examples.items.properties.params,data:data15};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath:instancePath+"/examples/" + i0,schemaPath:"#/properties/examples/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.examples.items.type,parentSchema:schema11.properties.examples.items,data:data10};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
else {
const err30 = {instancePath:instancePath+"/examples",schemaPath:"#/properties/examples/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.examples.type,parentSchema:schema11.properties.examples,data:data9};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data.schema !== undefined && func0.call(data, "schema")){
let data16 = data.schema;
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
for(const key5 of Object.keys(data16)){
if(!((((key5 === "headers") || (key5 === "query")) || (key5 === "body")) || (key5 === "params"))){
const err31 = {instancePath:instancePath+"/schema",schemaPath:"#/properties/schema/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.schema,data:data16};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data16.headers !== undefined && func0.call(data16, "headers")){
let data17 = data16.headers;
if((!(data17 && typeof data17 == "object" && !Array.isArray(data17))) && (typeof data17 !== "boolean")){
const err32 = {instancePath:instancePath+"/schema/headers",schemaPath:"#/properties/schema/properties/headers/type",keyword:"type",params:{type: schema11.properties.schema.properties.headers.type},message:"must be object,boolean",schema:schema11.properties.schema.properties.headers.type,parentSchema:schema11.properties.schema.properties.headers,data:data17};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data16.query !== undefined && func0.call(data16, "query")){
let data18 = data16.query;
if((!(data18 && typeof data18 == "object" && !Array.isArray(data18))) && (typeof data18 !== "boolean")){
const err33 = {instancePath:instancePath+"/schema/query",schemaPath:"#/properties/schema/properties/query/type",keyword:"type",params:{type: schema11.properties.schema.properties.query.type},message:"must be object,boolean",schema:schema11.properties.schema.properties.query.type,parentSchema:schema11.properties.schema.properties.query,data:data18};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data16.body !== undefined && func0.call(data16, "body")){
let data19 = data16.body;
if((!(data19 && typeof data19 == "object" && !Array.isArray(data19))) && (typeof data19 !== "boolean")){
const err34 = {instancePath:instancePath+"/schema/body",schemaPath:"#/properties/schema/properties/body/type",keyword:"type",params:{type: schema11.properties.schema.properties.body.type},message:"must be object,boolean",schema:schema11.properties.schema.properties.body.type,parentSchema:schema11.properties.schema.properties.body,data:data19};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data16.params !== undefined && func0.call(data16, "params")){
let data20 = data16.params;
if((!(data20 && typeof data20 == "object" && !Array.isArray(data20))) && (typeof data20 !== "boolean")){
const err35 = {instancePath:instancePath+"/schema/params",schemaPath:"#/properties/schema/properties/params/type",keyword:"type",params:{type: schema11.properties.schema.properties.params.type},message:"must be object,boolean",schema:schema11.properties.schema.properties.params.type,parentSchema:schema11.properties.schema.properties.params,data:data20};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
}
else {
const err36 = {instancePath:instancePath+"/schema",schemaPath:"#/properties/schema/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.schema.type,parentSchema:schema11.properties.schema,data:data16};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data.refine !== undefined && func0.call(data, "refine")){
let data21 = data.refine;
if(data21 && typeof data21 == "object" && !Array.isArray(data21)){
for(const key6 of Object.keys(data21)){
let data22 = data21[key6];
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
if(Object.keys(data22).length < 1){
const err37 = {instancePath:instancePath+"/refine/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/refine/additionalProperties/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties",schema:1,parentSchema:schema11.properties.refine.additionalProperties,data:data22};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
for(const key7 of Object.keys(data22)){
if(!((((((key7 === "optional") || (key7 === "nullable")) || (key7 === "literal")) || (key7 === "enum")) || (key7 === "schema")) || (key7 === "description"))){
const err38 = {instancePath:instancePath+"/refine/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/refine/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.refine.additionalProperties,data:data22};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data22.optional !== undefined && func0.call(data22, "optional")){
let data23 = data22.optional;
if(typeof data23 !== "boolean"){
const err39 = {instancePath:instancePath+"/refine/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/optional",schemaPath:"#/properties/refine/additionalProperties/properties/optional/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.refine.additionalProperties.properties.optional.type,parentSchema:schema11.properties.refine.additionalProperties.properties.optional,data:data23};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data22.nullable !== undefined && func0.call(data22, "nullable")){
let data24 = data22.nullable;
if(typeof data24 !== "boolean"){
const err40 = {instancePath:instancePath+"/refine/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/nullable",schemaPath:"#/properties/refine/additionalProperties/properties/nullable/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.refine.additionalProperties.properties.nullable.type,parentSchema:schema11.properties.refine.additionalProperties.properties.nullable,data:data24};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data22.literal !== undefined && func0.call(data22, "literal")){
let data25 = data22.literal;
if(typeof data25 !== "boolean"){
const err41 = {instancePath:instancePath+"/refine/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/literal",schemaPath:"#/properties/refine/additionalProperties/properties/literal/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.refine.additionalProperties.properties.literal.type,parentSchema:schema11.properties.refine.additionalProperties.properties.literal,data:data25};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data22.enum !== undefined && func0.call(data22, "enum")){
let data26 = data22.enum;
if(Array.isArray(data26)){
if(data26.length < 1){
const err42 = {instancePath:instancePath+"/refine/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/enum",schemaPath:"#/properties/refine/additionalProperties/properties/enum/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema11.properties.refine.additionalProperties.properties.enum,data:data26};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
const len1 = data26.length;
for(let i1=0; i1<len1; i1++){
let data27 = data26[i1];
if((((typeof data27 !== "string") && (!((typeof data27 == "number") && (isFinite(data27))))) && (typeof data27 !== "boolean")) && (data27 !== null)){
const err43 = {instancePath:instancePath+"/refine/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/enum/" + i1,schemaPath:"#/properties/refine/additionalProperties/properties/enum/items/type",keyword:"type",params:{type: schema11.properties.refine.additionalProperties.properties.enum.items.type},message:"must be string,number,boolean,null",schema:schema11.properties.refine.additionalProperties.properties.enum.items.type,parentSchema:schema11.properties.refine.additionalProperties.properties.enum.items,data:data27};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
}
else {
const err44 = {instancePath:instancePath+"/refine/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/enum",schemaPath:"#/properties/refine/additionalProperties/properties/enum/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.refine.additionalProperties.properties.enum.type,parentSchema:schema11.properties.refine.additionalProperties.properties.enum,data:data26};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data22.schema !== undefined && func0.call(data22, "schema")){
let data28 = data22.schema;
if(!(data28 && typeof data28 == "object" && !Array.isArray(data28))){
const err45 = {instancePath:instancePath+"/refine/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/schema",schemaPath:"#/properties/refine/additionalProperties/properties/schema/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.refine.additionalProperties.properties.schema.type,parentSchema:schema11.properties.refine.additionalProperties.properties.schema,data:data28};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data22.description !== undefined && func0.call(data22, "description")){
let data29 = data22.description;
if(typeof data29 !== "string"){
const err46 = {instancePath:instancePath+"/refine/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/description",schemaPath:"#/properties/refine/additionalProperties/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.refine.additionalProperties.properties.description.type,parentSchema:schema11.properties.refine.additionalProperties.properties.description,data:data29};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
}
else {
const err47 = {instancePath:instancePath+"/refine/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/refine/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.refine.additionalProperties.type,parentSchema:schema11.properties.refine.additionalProperties,data:data22};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
}
else {
const err48 = {instancePath:instancePath+"/refine",schemaPath:"#/properties/refine/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.refine.type,parentSchema:schema11.properties.refine,data:data21};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data.selector !== undefined && func0.call(data, "selector")){
let data30 = data.selector;
if(typeof data30 === "string"){
if(func84(data30) < 1){
const err49 = {instancePath:instancePath+"/selector",schemaPath:"#/properties/selector/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.selector,data:data30};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
else {
const err50 = {instancePath:instancePath+"/selector",schemaPath:"#/properties/selector/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.selector.type,parentSchema:schema11.properties.selector,data:data30};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data.acknowledge !== undefined && func0.call(data, "acknowledge")){
let data31 = data.acknowledge;
if(Array.isArray(data31)){
const len2 = data31.length;
for(let i2=0; i2<len2; i2++){
let data32 = data31[i2];
if(typeof data32 === "string"){
if(func84(data32) < 1){
const err51 = {instancePath:instancePath+"/acknowledge/" + i2,schemaPath:"#/properties/acknowledge/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.acknowledge.items,data:data32};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
else {
const err52 = {instancePath:instancePath+"/acknowledge/" + i2,schemaPath:"#/properties/acknowledge/items/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.acknowledge.items.type,parentSchema:schema11.properties.acknowledge.items,data:data32};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
}
else {
const err53 = {instancePath:instancePath+"/acknowledge",schemaPath:"#/properties/acknowledge/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema11.properties.acknowledge.type,parentSchema:schema11.properties.acknowledge,data:data31};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
}
else {
const err54 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

